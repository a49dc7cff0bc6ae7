(ns knossos.linear
  "Stands in for knossos.linear: start-analysis returns the search that applies the ok calls to the
  model one at a time in completion order; the first the model refuses makes the history invalid,
  reported as Knossos reports it (:op, :previous-ok, :final-paths)."
  (:require [knossos.model :as model]
            [knossos.op :as op]
            [knossos.linear.config :as config]))

(defn start-analysis [model history]
  (fn []
    (loop [m    model
           prev nil
           oks  (filter op/ok? history)]
      (if-let [o (first oks)]
        (let [m' (model/step m o)]
          (if (model/inconsistent? m')
            {:valid?      false
             :configs     (config/configs m)
             :op          o
             :previous-ok prev
             :final-paths #{(if prev
                              [{:op prev :model m} {:op o :model m'}]
                              [{:op o :model m'}])}}
            (recur m' o (rest oks))))
        {:valid? true :configs (config/configs m) :model m}))))
