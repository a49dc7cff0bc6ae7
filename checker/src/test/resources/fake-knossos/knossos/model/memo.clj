(ns knossos.model.memo
  "Stands in for knossos.model.memo.")

(defn memo [model history] model)
