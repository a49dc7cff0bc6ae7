(ns knossos.wgl
  "Stands in for knossos.wgl: the same start-analysis entry point; it defers to the linear stand-in."
  (:require [knossos.wgl.dll-history :as dll]
            [knossos.model.memo :as memo]
            [knossos.history :as history]
            [knossos.linear :as linear]))

(defn start-analysis [model history]
  (linear/start-analysis (memo/memo model history) (dll/dll-history (history/index history))))
