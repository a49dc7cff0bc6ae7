(ns knossos.history
  "Stands in for knossos.history.")

(defn index [history] (vec history))
