import Foundation
import OzoneFormat
import ReconPluginTestSupport

/// One key as `/containers/{id}/keys` should list it.
struct ExpectedKey: Equatable, CustomStringConvertible {
    var volume: String
    var bucket: String
    var key: String
    var completePath: String
    var dataSize: Int64
    var versions: [Int64]
    /// Version (decimal text) → blocks in the container as [containerID, localID].
    var blocks: [String: [[Int64]]]
    var creationTime: String
    var modificationTime: String

    var description: String { "\(completePath) v\(versions) \(blocks)" }
}

/// The container ↔ key truth recounted from scratch from the OM's own DB, independently
/// of the plugin: every key version's blocks grouped by container.
struct ExpectedContainers {
    /// Container id → number of distinct (key, version) mappings.
    var counts: [Int64: Int] = [:]
    /// Container id → its keys in OM DB key order, with the OM DB key.
    var keys: [Int64: [(omKey: [UInt8], key: ExpectedKey)]] = [:]

    /// Recounts from keyTable and fileTable; complete paths from directoryTable and
    /// bucketTable.
    static func recount(_ harness: PluginHarness) throws -> ExpectedContainers {
        let paths = try PathRebuilder(harness)
        var perContainer: [Int64: [[UInt8]: ExpectedKey]] = [:]
        for table in ["keyTable", "fileTable"] {
            try harness.forEachOMRecord(table) { rawKey, value in
                let info = try OMKeyInfo(serializedBytes: Array(value))
                let omKey = Array(rawKey)
                var byContainer: [Int64: [Int64: [[Int64]]]] = [:]
                for list in info.keyLocationList {
                    for location in list.keyLocations {
                        let block = location.blockID.containerBlockID
                        byContainer[block.containerID, default: [:]][Int64(list.version), default: []]
                            .append([block.containerID, block.localID])
                    }
                }
                for (container, versions) in byContainer {
                    perContainer[container, default: [:]][omKey] = ExpectedKey(
                        volume: info.volumeName, bucket: info.bucketName, key: info.keyName,
                        completePath: paths.completePath(of: info),
                        dataSize: Int64(info.dataSize), versions: versions.keys.sorted(),
                        blocks: Dictionary(uniqueKeysWithValues: versions.map { (String($0.key), $0.value) }),
                        creationTime: isoTime(info.creationTime), modificationTime: isoTime(info.modificationTime))
                }
            }
        }
        var expected = ExpectedContainers()
        for (container, keys) in perContainer {
            expected.counts[container] = keys.values.reduce(0) { $0 + $1.versions.count }
            expected.keys[container] = keys.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { ($0.key, $0.value) }
        }
        return expected
    }

    /// How many listed keys are FSO files below at least one directory (their complete
    /// path is more than volume, bucket and name).
    var keysBelowDirectories: Int {
        keys.values.joined().filter { entry in
            let key = entry.key
            return !key.completePath.isEmpty && key.completePath != key.volume + "/" + key.bucket + "/" + key.key
        }.count
    }

    /// How many listed keys have several versions in one container.
    var keysWithSeveralVersions: Int {
        keys.values.joined().filter { $0.key.versions.count > 1 }.count
    }

    /// Java `Instant.toString` of `millis`: `.SSS` only when the fraction is not zero.
    static func isoTime(_ millis: UInt64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = millis % 1000 == 0 ? [.withInternetDateTime] : [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}

/// Complete paths rebuilt from the OM DB: walk directoryTable parents up to a bucket's
/// object id; a missing directory on the way gives the empty path (Recon's rule).
struct PathRebuilder {
    private var directories: [UInt64: (parent: UInt64, name: String)] = [:]
    private var buckets: Set<UInt64> = []

    init(_ harness: PluginHarness) throws {
        try harness.forEachOMRecord("directoryTable") { _, value in
            let info = try OMDirectoryInfo(serializedBytes: Array(value))
            directories[info.objectID] = (info.parentID, info.name)
        }
        try harness.forEachOMRecord("bucketTable") { _, value in
            buckets.insert(try OMBucketInfo(serializedBytes: Array(value)).objectID)
        }
    }

    /// `volume/bucket/dir.../name`, or "" when a parent directory is missing.
    func completePath(of info: OMKeyInfo) -> String {
        var names = [info.keyName]
        var parent = info.parentID
        if parent != 0 {
            while !buckets.contains(parent) {
                guard let directory = directories[parent] else { return "" }
                names.insert(directory.name, at: 0)
                parent = directory.parent
            }
        }
        return ([info.volumeName, info.bucketName] + names).joined(separator: "/")
    }
}
