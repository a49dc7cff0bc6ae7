(ns knossos.competition
  "Stands in for Knossos's knossos.competition in Gauntlet's tests, with the real namespace's shape:
  it requires knossos.search, knossos.linear and knossos.wgl, and `analysis` runs a competition of
  the :linear and :wgl analyses through search/run with the options map. The analyses here apply a
  simple rule instead of a search (see knossos.search). Every call's arguments are kept in `calls`
  for the tests to inspect."
  (:require [knossos [search :as search]
                     [linear :as linear]
                     [wgl :as wgl]]))

(def calls (atom []))

(defn analysis
  ([model history]
   (analysis model history {}))
  ([model history opts]
   (swap! calls conj {:model model :history history :opts opts})
   (search/run
     (search/competition {:linear (linear/start-analysis model history)
                          :wgl    (wgl/start-analysis model history)})
     opts)))
