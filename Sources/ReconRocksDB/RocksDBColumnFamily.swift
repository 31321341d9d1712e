import CRocksDB

extension RocksDB {
    /// An open column family of one ``RocksDB``. Cheap to copy; valid until that
    /// database closes. Using it with another database fails with `invalidArgument`.
    public struct ColumnFamily: @unchecked Sendable, Hashable, CustomStringConvertible {
        /// The column family's name.
        public let name: String
        /// RocksDB's numeric id (the id written in WAL batches).
        public let id: UInt32
        let handle: OpaquePointer
        let owner: UniqueToken

        init(name: String, id: UInt32, handle: OpaquePointer, owner: UniqueToken) {
            self.name = name
            self.id = id
            self.handle = handle
            self.owner = owner
        }

        /// Same database and same id.
        public static func == (a: ColumnFamily, b: ColumnFamily) -> Bool {
            a.owner === b.owner && a.id == b.id
        }

        /// Hashes the database identity and the id.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(ObjectIdentifier(owner))
            hasher.combine(id)
        }

        /// "name#id".
        public var description: String { "\(name)#\(id)" }
    }
}
