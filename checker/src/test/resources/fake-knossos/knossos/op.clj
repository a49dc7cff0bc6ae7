(ns knossos.op
  "Stands in for knossos.op.")

(defn ok? [op] (= :ok (:type op)))
