import ReconCore

/// One event, readable.
struct Ev: Equatable, CustomStringConvertible {
    var action: OMEventAction
    var table: String
    var key: String
    var value: String
    var old: String?

    init(_ action: OMEventAction, _ table: String, _ key: String, _ value: String, old: String? = nil) {
        self.action = action
        self.table = table
        self.key = key
        self.value = value
        self.old = old
    }

    var description: String { "\(action) \(table) \(key)=\(value)\(old.map { " (old \($0))" } ?? "")" }
}

extension OMEventBatch {
    /// The events as readable values.
    var readable: [Ev] {
        events.map { e in
            Ev(e.action, table(of: e), String(decoding: bytes(e.key), as: UTF8.self), String(decoding: bytes(e.value), as: UTF8.self),
               old: e.oldValue.map { String(decoding: bytes($0), as: UTF8.self) })
        }
    }
}
