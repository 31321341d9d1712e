import ReconRocksDB
import Testing

/// Table-by-table comparison of two OM databases (keys and values).
enum DatabaseComparison {
    /// The first difference between `a` and `b` over every column family of `a`
    /// (besides "default"), or nil when they hold the same keys and values. Also
    /// returns the number of records compared.
    static func difference(_ a: RocksDB, _ b: RocksDB) throws -> (String?, Int) {
        let namesA = Set(a.columnFamilies.map(\.name)), namesB = Set(b.columnFamilies.map(\.name))
        guard namesA == namesB else { return ("column families differ: \(namesA.symmetricDifference(namesB).sorted())", 0) }
        var compared = 0
        for name in namesA.sorted() where name != "default" {
            let left = try entries(a, name), right = try entries(b, name)
            guard left.count == right.count else {
                return ("\(name): \(left.count) records vs \(right.count)", compared)
            }
            for (l, r) in zip(left, right) where l != r {
                return ("\(name): first differing key \(String(decoding: l.0, as: UTF8.self)) / \(String(decoding: r.0, as: UTF8.self))", compared)
            }
            compared += left.count
        }
        return (nil, compared)
    }

    private static func entries(_ db: RocksDB, _ table: String) throws -> [([UInt8], [UInt8])] {
        guard let cf = db.columnFamily(named: table) else { return [] }
        var out: [([UInt8], [UInt8])] = []
        try db.forEach(cf, start: [UInt8](), end: [UInt8]()) { k, v in
            out.append((Array(k), Array(v)))
            return true
        }
        return out
    }
}
