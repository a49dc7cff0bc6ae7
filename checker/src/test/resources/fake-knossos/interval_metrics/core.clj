(ns interval-metrics.core
  "A dependency outside knossos.*, bundled in the standalone jar as lein uberjar bundles them (the
  file name has an underscore for the namespace's hyphen).")

(defn empty-set [] #{})
