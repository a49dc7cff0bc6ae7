(ns knossos.search
  "Stands in for knossos.search: a search is a function of no arguments giving the result map;
  `competition` keeps the first of several, `run` runs one. It pretends every search takes a
  minute: a :time-limit under 60000 ms answers {:valid? :unknown :cause :timeout}, as a search that
  ran out of time does."
  (:require [knossos.search.proto]))

(defn competition [searches] (val (first (sort-by key searches))))

(defn run
  ([search] (run search {}))
  ([search opts]
   (if (some-> (:time-limit opts) (< 60000))
     {:valid? :unknown :cause :timeout}
     (assoc (search) :analyzer :linear))))
