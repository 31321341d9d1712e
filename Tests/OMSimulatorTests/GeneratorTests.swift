import Foundation
import OMSimulator
import OzoneFormat
import ReconRocksDB
import ReconTestSupport
import SwiftProtobuf
import Testing

@Suite("OM DB generator")
struct GeneratorTests {
    @Test("the same seed writes the same tables; another seed does not")
    func deterministic() throws {
        let a = try GeneratedDB(keys: 1500, seed: 42)
        let b = try GeneratedDB(keys: 1500, seed: 42)
        let c = try GeneratedDB(keys: 1500, seed: 43)
        defer { a.directory.remove(); b.directory.remove(); c.directory.remove() }
        let (da, db, dc) = try (openAll(a.path), openAll(b.path), openAll(c.path))
        defer { da.close(); db.close(); dc.close() }
        let (ta, tb, tc) = try (dumpTables(da), dumpTables(db), dumpTables(dc))
        #expect(sameContents(ta, tb))
        #expect(!sameContents(ta, tc))
        #expect(a.summary.tableCounts == b.summary.tableCounts)
        #expect(try da.latestSequenceNumber == db.latestSequenceNumber)
    }

    @Test("every table of Ozone master exists; every key parses and every value decodes")
    func decodes() throws {
        let g = try GeneratedDB(keys: 3000, seed: 7)
        defer { g.directory.remove() }
        let db = try openAll(g.path)
        defer { db.close() }
        let names = Set(db.columnFamilies.map(\.name))
        #expect(names == Set(OMTable.allCases.map(\.name) + ["default"]))
        for (name, rows) in try dumpTables(db) where name != "default" {
            let table = try #require(OMTable(name: name))
            for row in rows {
                #expect(Self.keyParses(row.key, table.keyEncoding), "\(name): \(String(decoding: row.key, as: UTF8.self))")
                switch table.valueKind {
                case .utf8String:
                    #expect(String(validating: row.value, as: UTF8.self) != nil)
                case .keyInfo:
                    let full = try OMKeyInfo(serializedBytes: row.value)
                    let light = try OMKeyInfoLight(parsing: row.value)
                    #expect(light == OMKeyInfoLight(full))
                    #expect(full.hasObjectID && full.hasUpdateID && full.hasIsFile && full.hasCreationTime)
                default:
                    let type = try #require(table.valueKind.messageType, "\(name)")
                    _ = try type.init(serializedBytes: row.value)
                }
            }
        }
    }

    static func keyParses(_ key: [UInt8], _ encoding: OMKeyEncoding) -> Bool {
        switch encoding {
        case .volume: OMVolumeKey(parsing: key) != nil
        case .bucket: OMBucketKey(parsing: key) != nil
        case .objectPath: OMObjectKey(parsing: key) != nil
        case .openObjectPath: OMOpenKey(parsing: key) != nil
        case .deletedObjectPath: OMDeletedKey(parsing: key) != nil
        case .multipartObjectPath: OMMultipartKey(parsing: key) != nil
        case .fsoPath: OMFSOKey(parsing: key) != nil
        case .openFSOPath: OMOpenFileKey(parsing: key) != nil
        case .deletedFSOPath: OMDeletedDirectoryKey(parsing: key) != nil
        case .multipartPart: OMMultipartPartKey(parsing: key) != nil
        case .userName, .plainString, .objectPathWithObjectID, .tokenIdentifier: !key.isEmpty
        }
    }

    @Test("FSO wiring: parents exist, ids are unique and grow from parent to child")
    func fsoWiring() throws {
        let g = try GeneratedDB(keys: 4000, seed: 11)
        defer { g.directory.remove() }
        let db = try openAll(g.path)
        defer { db.close() }
        let tables = try dumpTables(db)
        var buckets: [Int64: (volume: Int64, layout: OMBucketLayoutProto)] = [:]
        var volumes: [String: UInt64] = [:]
        for row in tables["volumeTable"]! {
            let v = try OMVolumeInfo(serializedBytes: row.value)
            volumes[v.volume] = v.objectID
        }
        for row in tables["bucketTable"]! {
            let b = try OMBucketInfo(serializedBytes: row.value)
            buckets[Int64(bitPattern: b.objectID)] = (Int64(bitPattern: volumes[b.volumeName]!), b.bucketLayout)
        }
        var directories: [Int64: Int64] = [:] // id -> parent
        for row in tables["directoryTable"]! {
            let key = try #require(OMFSOKey(parsing: row.key))
            let d = try OMDirectoryInfo(serializedBytes: row.value)
            #expect(Int64(bitPattern: d.parentID) == key.parentID)
            #expect(d.name == key.name)
            directories[Int64(bitPattern: d.objectID)] = key.parentID
        }
        let files = tables["fileTable"]!.count
        #expect(directories.count * 40 > files, "\(directories.count) directories for \(files) files")
        var depthMax = 0
        for (id, _) in directories {
            var depth = 0
            var current = id
            while let parent = directories[current] {
                #expect(parent < current, "parent ids are older")
                current = parent
                depth += 1
            }
            #expect(buckets[current]?.layout == .fileSystemOptimized, "chain ends at an FSO bucket")
            depthMax = max(depthMax, depth)
        }
        #expect(depthMax >= 4, "trees are several levels deep")
        var ids = Set(directories.keys)
        for row in tables["fileTable"]! {
            let key = try #require(OMFSOKey(parsing: row.key))
            let info = try OMKeyInfo(serializedBytes: row.value)
            #expect(directories[key.parentID] != nil || buckets[key.parentID] != nil)
            #expect(buckets[key.bucketID]?.volume == key.volumeID)
            #expect(Int64(bitPattern: info.parentID) == key.parentID)
            #expect(info.keyName == key.name && info.isFile)
            #expect(Int64(bitPattern: info.objectID) > key.parentID)
            #expect(ids.insert(Int64(bitPattern: info.objectID)).inserted, "object ids are unique")
        }
        for row in tables["keyTable"]! {
            let info = try OMKeyInfo(serializedBytes: row.value)
            #expect(ids.insert(Int64(bitPattern: info.objectID)).inserted, "object ids are unique")
            #expect(info.parentID == 0)
        }
        for row in tables["deletedDirectoryTable"]! {
            let key = try #require(OMDeletedDirectoryKey(parsing: row.key))
            #expect(directories[key.path.parentID] != nil || buckets[key.path.parentID] != nil)
            #expect(directories[key.objectID] == nil, "deleted directories are not live")
        }
    }

    @Test("FSO, OBS and LEGACY buckets (with and without directories) and every entry kind are present")
    func coverage() throws {
        let g = try GeneratedDB(keys: 2000, seed: 5)
        defer { g.directory.remove() }
        let db = try openAll(g.path)
        defer { db.close() }
        let tables = try dumpTables(db)
        let layouts = try tables["bucketTable"]!.map { try OMBucketInfo(serializedBytes: $0.value) }
        #expect(Set(layouts.map(\.bucketLayout)) == [.fileSystemOptimized, .objectStore, .legacy])
        let legacyNames = layouts.filter { $0.bucketLayout == .legacy }.map(\.bucketName)
        #expect(legacyNames.contains { $0.hasPrefix("legacy-fs") } && legacyNames.contains { $0.hasPrefix("legacy-flat") })
        let keys = try tables["keyTable"]!.map { ($0.key, try OMKeyInfo(serializedBytes: $0.value)) }
        #expect(keys.contains { $0.0.last == UInt8(ascii: "/") && !$0.1.isFile }, "LEGACY directory markers")
        #expect(keys.contains { $0.1.keyLocationList.count > 1 }, "keys with older versions")
        #expect(keys.contains { $0.1.type == .ec && $0.1.hasEcReplicationConfig && !$0.1.hasFactor })
        #expect(keys.contains { $0.1.keyLocationList.last?.keyLocations.count ?? 0 > 1 }, "multi-block keys")
        for table in ["openKeyTable", "openFileTable", "deletedTable", "deletedDirectoryTable", "multipartInfoTable",
                      "multipartPartsTable", "lifecycleConfigurationTable", "lifecycleScanStateTable", "userTable",
                      "volumeTable", "transactionInfoTable", "metaTable", "s3SecretTable", "prefixTable"] {
            #expect(!(tables[table] ?? []).isEmpty, "\(table) has rows")
        }
        let mpus = try tables["multipartInfoTable"]!.map { try OMMultipartKeyInfo(serializedBytes: $0.value) }
        #expect(mpus.contains { $0.schemaVersion == 1 && $0.partKeyInfoList.isEmpty })
        #expect(mpus.contains { !$0.hasSchemaVersion && !$0.partKeyInfoList.isEmpty })
        let deleted = try tables["deletedTable"]!.map { try OMRepeatedKeyInfo(serializedBytes: $0.value) }
        #expect(deleted.allSatisfy { $0.hasBucketID && !$0.keyInfo.isEmpty })
        let transaction = String(decoding: tables["transactionInfoTable"]![0].value, as: UTF8.self)
        #expect(transaction == "1#\(g.summary.lastTransactionIndex)")
        let lifecycle = try tables["lifecycleConfigurationTable"]!.map { try OMLifecycleConfiguration(serializedBytes: $0.value) }
        #expect(lifecycle.contains { $0.bucketLayout == .fileSystemOptimized && $0.rules.contains { $0.filter.prefix.hasSuffix("/") } })
        #expect(lifecycle.allSatisfy { $0.rules.contains { $0.action.contains { $0.hasAbortIncompleteMultipartUpload } } })
    }

    @Test("sizes are skewed: mostly small files, a long tail into GiB")
    func sizeSkew() throws {
        let g = try GeneratedDB(keys: 6000, seed: 3)
        defer { g.directory.remove() }
        let db = try openAll(g.path)
        defer { db.close() }
        var sizes: [UInt64] = []
        var containers = Set<Int64>()
        for table in ["keyTable", "fileTable"] {
            try db.forEach(db.columnFamily(named: table)!) { _, v in
                let info = try OMKeyInfo(serializedBytes: Array(v))
                if info.isFile { sizes.append(info.dataSize) }
                for id in info.allContainerIDs { containers.insert(id) }
                return true
            }
        }
        sizes.sort()
        func quantile(_ q: Double) -> UInt64 { sizes[Int(Double(sizes.count - 1) * q)] }
        #expect(sizes.count == 6000)
        #expect(quantile(0.5) < 256 * 1024, "median \(quantile(0.5))")
        #expect(quantile(0.25) < 16 * 1024)
        #expect(quantile(0.9) > 2 * 1024 * 1024, "p90 \(quantile(0.9))")
        #expect(quantile(0.99) > 128 * 1024 * 1024, "p99 \(quantile(0.99))")
        #expect(sizes.last! > 1024 * 1024 * 1024, "max \(sizes.last!)")
        // SCM keeps a pool of open containers; blocks spread over all of them.
        #expect(containers.count >= 40, "blocks spread over \(containers.count) containers")
        #expect(containers.min()! >= 1)
    }
}
