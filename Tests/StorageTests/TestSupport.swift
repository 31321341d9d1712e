import ReconRocksDB
import Foundation
import Testing
@testable import ReconCore

/// A fresh directory under the system temp dir, removed on deinit.
final class TempDir {
    let url: URL

    init(_ label: String = "storage") {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("recond-\(label)-\(UUID().uuidString)", isDirectory: true)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A path inside the directory.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// UTF-8 bytes of a string.
func b(_ s: String) -> [UInt8] { Array(s.utf8) }

/// A string from borrowed bytes.
func str(_ p: UnsafeRawBufferPointer) -> String { String(decoding: p, as: UTF8.self) }

/// A string from bytes, or nil.
func str(_ a: [UInt8]?) -> String? { a.map { String(decoding: $0, as: UTF8.self) } }

/// The error a fault injector throws.
struct InjectedCrash: Error, Equatable {
    let point: CommitFaultPoint
}

/// Checks writes visited by a sorted pass against a model of each key's last write
/// (nil value: a delete): one visit per key, in strictly increasing key order.
func expectLatestWrites(_ visited: [([UInt8], [UInt8]?)], equal model: [[UInt8]: [UInt8]?]) {
    #expect(visited.count == model.count)
    for i in visited.indices.dropFirst() {
        #expect(visited[i - 1].0.lexicographicallyPrecedes(visited[i].0))
    }
    for (key, value) in visited {
        #expect(model[key] == .some(value))
    }
}

/// Sorts `rows`, visits the latest write of each key and checks the visit against `model`.
func expectSortedVisit(_ rows: inout BulkRows, equal model: [[UInt8]: [UInt8]?]) {
    var seen: [([UInt8], [UInt8]?)] = []
    rows.forEachLatestSorted { k, v in seen.append((Array(k), v.map { Array($0) })) }
    expectLatestWrites(seen, equal: model)
}

extension BulkRows {
    /// Collects a put of `key` → `value`.
    mutating func put(_ key: [UInt8], _ value: [UInt8]) {
        key.withUnsafeBytes { k in value.withUnsafeBytes { put(key: k, value: $0) } }
    }
}
