/// A write context: the host transaction of one `init_store`, `process` or
/// `reprocess_*` call. Valid only during that call.
///
/// Plugins never commit: when the callback returns normally the host commits every
/// write made here together with the plugin's cursor; when it throws, the host
/// discards them.
public struct Transaction: StoreReader {
    /// The call's handle on the host.
    public let callContext: CallContext
    /// Wraps a call context (the SDK does this; tests and custom exports may too).
    public init(_ callContext: CallContext) { self.callContext = callContext }
}

/// A read context pinned to one storage generation: the `handle` and
/// `on_generation_switch` calls. Valid only during that call. Reads only: the host
/// refuses writes and SQL statements that modify.
public struct ReadView: StoreReader {
    /// The call's handle on the host.
    public let callContext: CallContext
    /// Wraps a call context (the SDK does this; tests and custom exports may too).
    public init(_ callContext: CallContext) { self.callContext = callContext }
}

/// A context that can read the plugin's storage and the OM replica: ``Transaction``
/// and ``ReadView``. The read operations live in extensions of this protocol.
public protocol StoreReader: CallScope {}

/// One of the plugin's key/value tables: by name (as declared in
/// ``ReconTask/kvTables``) or by index into that list. String and integer literals
/// convert: `tx.kvGet("counts", key)`.
public struct KVTable: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    enum Reference: Hashable, Sendable {
        case name(String)
        case index(Int)
    }

    let reference: Reference

    /// The table declared with this name.
    public static func named(_ name: String) -> KVTable { KVTable(reference: .name(name)) }
    /// The table at this index of ``ReconTask/kvTables``.
    public static func index(_ index: Int) -> KVTable { KVTable(reference: .index(index)) }

    private init(reference: Reference) { self.reference = reference }
    /// The table declared with this name.
    public init(stringLiteral value: String) { reference = .name(value) }
    /// The table at this index of ``ReconTask/kvTables``.
    public init(integerLiteral value: Int) { reference = .index(value) }
}

extension CallContext {
    /// Resolves a table reference to the index the host expects.
    func kvIndex(_ table: KVTable) throws -> UInt32 {
        let names = runtime.kvTableNames
        switch table.reference {
        case .index(let index):
            guard names.indices.contains(index) else {
                throw ReconTaskError.invalid("kv table index \(index) out of range (\(names.count) tables)")
            }
            return UInt32(index)
        case .name(let name):
            guard let index = names.firstIndex(of: name) else {
                throw ReconTaskError.invalid("unknown kv table '\(name)' (declared: \(names))")
            }
            return UInt32(index)
        }
    }
}
