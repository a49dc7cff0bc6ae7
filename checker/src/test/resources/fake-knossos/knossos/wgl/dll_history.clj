(ns knossos.wgl.dll-history
  "Stands in for knossos.wgl.dll-history (file dll_history.clj, as in the real jar).")

(defn dll-history [history] history)
