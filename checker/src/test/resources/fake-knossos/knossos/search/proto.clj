(ns knossos.search.proto
  "Stands in for knossos.search.proto (a nested namespace, as in the real jar).")

(defprotocol Search (abort! [s cause]))
