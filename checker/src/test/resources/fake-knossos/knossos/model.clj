(ns knossos.model
  "Stands in for Knossos's knossos.model in Gauntlet's tests (the real one is on Clojars only):
  the same constructors and the same semantics for the models Gauntlet maps onto, including
  Knossos's rule that a read of nil matches any value.")

(defprotocol Model
  (step [model op] "The model after op, or an Inconsistent."))

(defrecord Inconsistent [msg]
  Model
  (step [this op] this)
  Object
  (toString [this] msg))

(defn inconsistent [msg] (Inconsistent. msg))

(defn inconsistent? [m] (instance? Inconsistent m))

(defrecord Register [value]
  Model
  (step [r op]
    (case (:f op)
      :write (Register. (:value op))
      :read (if (or (nil? (:value op)) (= value (:value op)))
              r
              (inconsistent (str (pr-str value) "≠" (pr-str (:value op)))))))
  Object
  (toString [r] (pr-str value)))

(defn register
  ([] (Register. nil))
  ([x] (Register. x)))

(defrecord CASRegister [value]
  Model
  (step [r op]
    (case (:f op)
      :write (CASRegister. (:value op))
      :cas (let [[cur new] (:value op)]
             (if (= cur value)
               (CASRegister. new)
               (inconsistent (str "can't CAS " value " from " cur " to " new))))
      :read (if (or (nil? (:value op)) (= value (:value op)))
              r
              (inconsistent (str "can't read " (:value op) " from register " value)))))
  Object
  (toString [r] (pr-str value)))

(defn cas-register
  ([] (CASRegister. nil))
  ([value] (CASRegister. value)))

(defrecord Mutex [locked?]
  Model
  (step [r op]
    (case (:f op)
      :acquire (if locked? (inconsistent "already held") (Mutex. true))
      :release (if locked? (Mutex. false) (inconsistent "not held"))))
  Object
  (toString [this] (if locked? "locked" "free")))

(defn mutex [] (Mutex. false))
