import CReconTask
import OzoneFormat
import SwiftProtobuf
import Testing

@testable import ReconCore

/// The host's zero-copy record views agree with SwiftProtobuf's decoding.
@Suite("OM record views")
struct RecordViewDecoderTests {
    let decoder = OMRecordViewDecoder()

    private func text(_ s: recon_str) -> String { string(s) }

    private func keyInfo() -> OMKeyInfo {
        var k = OMKeyInfo()
        k.volumeName = "vol1"
        k.bucketName = "bucket1"
        k.keyName = "dir/file.txt"
        k.dataSize = 5000
        k.type = .ratis
        k.factor = .three
        k.creationTime = 1_700_000_000_000
        k.modificationTime = 1_700_000_000_500
        k.objectID = 1 << 62
        k.updateID = 7
        k.parentID = 42
        k.isFile = true
        k.ownerName = "alice"
        for version in 0..<2 {
            var list = OMKeyLocationList()
            list.version = UInt64(version)
            for block in 0..<(version + 1) {
                var loc = OMKeyLocation()
                var id = HddsBlockID()
                var cb = HddsContainerBlockID()
                cb.containerID = Int64(100 + block)
                cb.localID = -Int64(block + 1)
                id.containerBlockID = cb
                loc.blockID = id
                loc.offset = UInt64(block) * 4096
                loc.length = 4096
                list.keyLocations.append(loc)
            }
            k.keyLocationList.append(list)
        }
        var etag = HddsKeyValue()
        etag.key = "ETag"
        etag.value = "abc"
        k.metadata = [etag]
        var tag = HddsKeyValue()
        tag.key = "project"
        tag.value = "x"
        k.tags = [tag]
        return k
    }

    @Test func keyInfoViewMatchesTheMessage() throws {
        let bytes: [UInt8] = try keyInfo().serializedBytes()
        let arena = CArena()
        let record = try #require(bytes.withUnsafeBytes { decoder.decode(table: "keyTable", value: $0, into: arena) })
        // The view points into `bytes`; keep them alive while reading.
        try withExtendedLifetime(bytes) {
            #expect(record.pointee.kind == RECON_RECORD_KEY.rawValue)
            let k = try #require(record.pointee.key).pointee
            #expect(text(k.volume) == "vol1")
            #expect(text(k.bucket) == "bucket1")
            #expect(text(k.key_name) == "dir/file.txt")
            #expect(k.data_size == 5000)
            #expect(k.replicated_size == 15000)
            #expect(k.replication.type == RECON_REPL_RATIS.rawValue)
            #expect(k.replication.factor == 3)
            #expect(k.creation_time == 1_700_000_000_000)
            #expect(k.modification_time == 1_700_000_000_500)
            #expect(k.object_id == 1 << 62)
            #expect(k.parent_object_id == 42)
            #expect(k.is_file == 1)
            #expect(text(k.owner) == "alice")
            #expect(k.version_count == 2)
            let latest = k.versions[1]
            #expect(latest.version == 1)
            #expect(latest.block_count == 2)
            #expect(latest.blocks[1].container_id == 101)
            #expect(latest.blocks[1].local_id == -2)
            #expect(latest.blocks[1].offset == 4096)
            #expect(k.metadata_count == 1)
            #expect(text(k.metadata[0].name) == "ETag")
            #expect(text(k.tags[0].value) == "x")
        }
    }

    @Test func ecReplicatedSizeFollowsOzone() throws {
        var k = keyInfo()
        k.type = .ec
        k.clearFactor()
        var ec = HddsECReplicationConfig()
        ec.data = 3
        ec.parity = 2
        ec.codec = "rs"
        ec.ecChunkSize = 1_048_576
        k.ecReplicationConfig = ec
        k.dataSize = 3 * 1_048_576 + 10
        let bytes: [UInt8] = try k.serializedBytes()
        let arena = CArena()
        let record = try #require(bytes.withUnsafeBytes { decoder.decode(table: "fileTable", value: $0, into: arena) })
        let view = try #require(record.pointee.key).pointee
        #expect(view.replication.type == RECON_REPL_EC.rawValue)
        #expect(view.replication.ec_data == 3 && view.replication.ec_parity == 2)
        // One full stripe (3 chunks + 2 parity chunks) plus a 10-byte partial with 2 parity copies.
        #expect(view.replicated_size == 3 * 1_048_576 + 10 + 2 * 1_048_576 + 2 * 10)
    }

    @Test func bucketDirectoryVolumeAndDeletedKeyViews() throws {
        var b = OMBucketInfo()
        b.volumeName = "vol1"
        b.bucketName = "fso"
        b.objectID = 9
        b.bucketLayout = .fileSystemOptimized
        b.quotaInBytes = 1 << 30
        let bucketBytes: [UInt8] = try b.serializedBytes()
        let arena = CArena()
        let bucket = try #require(bucketBytes.withUnsafeBytes { decoder.decode(table: "bucketTable", value: $0, into: arena) })
        #expect(bucket.pointee.bucket?.pointee.layout == RECON_LAYOUT_FSO.rawValue)
        #expect(bucket.pointee.bucket?.pointee.quota_in_bytes == 1 << 30)
        #expect(bucket.pointee.bucket?.pointee.quota_in_namespace == -2)
        #expect(bucket.pointee.bucket.map { text($0.pointee.name) } == "fso")

        var d = OMDirectoryInfo()
        d.name = "logs"
        d.objectID = 11
        d.parentID = 9
        let dirBytes: [UInt8] = try d.serializedBytes()
        let dir = try #require(dirBytes.withUnsafeBytes { decoder.decode(table: "directoryTable", value: $0, into: arena) })
        #expect(dir.pointee.directory?.pointee.parent_object_id == 9)
        #expect(dir.pointee.directory.map { text($0.pointee.name) } == "logs")

        var deleted = OMRepeatedKeyInfo()
        deleted.keyInfo = [keyInfo(), keyInfo()]
        let deletedBytes: [UInt8] = try deleted.serializedBytes()
        let list = try #require(deletedBytes.withUnsafeBytes { decoder.decode(table: "deletedTable", value: $0, into: arena) })
        #expect(list.pointee.kind == RECON_RECORD_KEY_LIST.rawValue)
        #expect(list.pointee.key_list_count == 2)
        #expect(list.pointee.key_list[1]?.pointee.data_size == 5000)
        withExtendedLifetime((bucketBytes, dirBytes, deletedBytes)) {}
    }

    @Test func undecodedTablesAndMalformedValuesGiveNoRecord() {
        let arena = CArena()
        #expect([UInt8]("1#2".utf8).withUnsafeBytes { decoder.decode(table: "transactionInfoTable", value: $0, into: arena) } == nil)
        #expect([UInt8]([0x0a, 0x05, 0x41]).withUnsafeBytes { decoder.decode(table: "keyTable", value: $0, into: arena) } == nil)
        #expect(decoder.kind(ofTable: "noSuchTable") == nil)
    }
}
