(ns knossos.competition
  "Stands in for Knossos's knossos.competition in Gauntlet's tests: the same function and result
  shape, with a simple rule instead of a search. The ok calls are applied to the model one at a
  time in the order they completed; the first that the model refuses makes the history invalid,
  reported as Knossos reports it (:op, :previous-ok, :final-paths). It pretends every search takes
  a minute: a :time-limit under 60000 ms answers {:valid? :unknown :cause :timeout}, as a search
  that ran out of time does. Every call's
  arguments are kept in `calls` for the tests to inspect."
  (:require [knossos.model :as model]))

(def calls (atom []))

(defn analysis
  ([model history] (analysis model history {}))
  ([model history opts]
   (swap! calls conj {:model model :history history :opts opts})
   (if (some-> (:time-limit opts) (< 60000))
     {:valid? :unknown :cause :timeout}
     (loop [m    model
            prev nil
            oks  (filter #(= :ok (:type %)) history)]
       (if-let [op (first oks)]
         (let [m' (model/step m op)]
           (if (model/inconsistent? m')
             {:valid?      false
              :op          op
              :previous-ok prev
              :final-paths #{(if prev
                               [{:op prev :model m} {:op op :model m'}]
                               [{:op op :model m'}])}}
             (recur m' op (rest oks))))
         {:valid? true :model m})))))
