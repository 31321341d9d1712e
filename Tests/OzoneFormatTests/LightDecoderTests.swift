import Foundation
import SwiftProtobuf
import Testing
@testable import OzoneFormat

@Suite struct LightDecoderTests {
    /// A realistic KeyInfo with every field the light decoder reads and several it skips.
    static func richKeyInfo(seed: Int) -> OMKeyInfo {
        var info = OMKeyInfo()
        info.volumeName = "vol\(seed % 3)"
        info.bucketName = "bucket-\(seed % 7)"
        info.keyName = "dir\(seed % 11)/sub/object-\(seed).parquet"
        info.dataSize = UInt64(seed) &* 7919 % 300_000_000
        if seed % 2 == 0 {
            info.type = .ratis
            info.factor = .three
        } else {
            info.type = .ec
            info.ecReplicationConfig.data = 6
            info.ecReplicationConfig.parity = 3
            info.ecReplicationConfig.codec = "rs"
            info.ecReplicationConfig.ecChunkSize = 1_048_576
        }
        for version in 0..<(1 + seed % 2) {
            var list = OMKeyLocationList()
            list.version = UInt64(version)
            for block in 0..<(1 + seed % 3) {
                var location = OMKeyLocation()
                location.blockID.containerBlockID.containerID = Int64(seed % 1000 + block)
                location.blockID.containerBlockID.localID = Int64(bitPattern: 0x8000_0000_0000_0000 | UInt64(seed * 16 + block))
                location.blockID.blockCommitSequenceID = UInt64(seed)
                location.offset = UInt64(block) * 268_435_456
                location.length = 268_435_456
                location.createVersion = UInt64(version)
                location.partNumber = Int32(block)
                list.keyLocations.append(location)
            }
            info.keyLocationList.append(list)
        }
        info.creationTime = 1_700_000_000_000 + UInt64(seed)
        info.modificationTime = 1_700_000_100_000 + UInt64(seed)
        info.latestVersion = info.keyLocationList.last.map(\.version) ?? UInt64.max
        var etag = HddsKeyValue()
        etag.key = "ETag"
        etag.value = "0123456789abcdef0123456789abcdef"
        info.metadata = [etag]
        for name in ["hadoop", "admins"] {
            var acl = OMOzoneAclInfo()
            acl.type = .user
            acl.name = name
            acl.rights = Data([0x80, 0x01])
            acl.aclScope = .access
            info.acls.append(acl)
        }
        info.objectID = 0x8000_0000_0000_0000 | UInt64(seed) << 8
        info.updateID = UInt64(seed)
        info.parentID = seed % 5 == 0 ? 0 : 0x8000_0000_0000_0000 | UInt64(seed / 2) << 8
        info.isFile = true
        info.ownerName = "hadoop"
        if seed % 4 == 0 {
            var tag = HddsKeyValue()
            tag.key = "team"
            tag.value = "t\(seed)"
            info.tags = [tag]
        }
        return info
    }

    @Test(arguments: 0..<24)
    func keyInfoLightMatchesFullDecode(seed: Int) throws {
        let bytes: [UInt8] = try Self.richKeyInfo(seed: seed).serializedBytes()
        let full = try OMKeyInfo(serializedBytes: bytes)
        let light = try OMKeyInfoLight(parsing: bytes)
        #expect(light == OMKeyInfoLight(full))
        #expect(light.replicatedSize == full.replicatedSize)
        #expect(light.blocks.map(\.containerID) == full.allContainerIDs)
        #expect(light.latestVersionBlocks.count == full.keyLocationList.last?.keyLocations.count ?? 0)
    }

    @Test func keyInfoLightOnHandVector() throws {
        let light = try OMKeyInfoLight(parsing: MessageBytesTests.sampleKeyInfoBytes)
        #expect(light.volumeName == "v" && light.bucketName == "b" && light.keyName == "k")
        #expect(light.dataSize == 300 && light.replicatedSize == 900)
        #expect(light.blocks == [OMKeyInfoLight.Block(versionIndex: 0, version: 0, containerID: 5, localID: 7,
                                                       offset: 0, length: 300, createVersion: 0)])
        #expect(light.objectID == MessageBytesTests.bit63Plus256)
        #expect(light.isFile && light.ownerName == "o")
        #expect(light.tags == [OMKeyInfoLight.Tag(key: "t", value: "u")])
        #expect(light.latestVersion == 0 && light.versionCount == 1)
    }

    @Test func protoSemanticsMatchSwiftProtobuf() throws {
        let cases: [[UInt8]] = [
            [],
            hex("20 05  20 07"),                         // last scalar wins
            hex("28 63"),                                // unknown enum value is ignored
            hex("28 04  8a 01 02 08 03  8a 01 02 10 02"), // EC sub-message merges
            hex("22 01 78  20 09"),                      // field 4 with the wrong wire type is skipped
            hex("3a 06 12 02 28 01 08 05"),              // version after the blocks
            hex("3a 0a 12 08 0a 06 0a 04 08 7b 10 01"),  // block with ids
            hex("93 03 08 01 94 03  0a 01 76"),          // unknown group (field 50) is skipped
            hex("99 03 01 02 03 04 05 06 07 08  9d 03 01 02 03 04  1a 01 6b"), // fixed64, fixed32 unknowns
            hex("98 01 02"),                             // isFile from a non-1 varint
            hex("28 ff ff ff ff ff ff ff ff ff 01"),     // NONE = -1 as a 10-byte varint
        ]
        for bytes in cases {
            let full = try OMKeyInfo(serializedBytes: bytes)
            #expect(try OMKeyInfoLight(parsing: bytes) == OMKeyInfoLight(full), "\(hexString(bytes))")
        }
    }

    @Test func malformedInputThrowsNeverTraps() throws {
        let valid: [UInt8] = try Self.richKeyInfo(seed: 5).serializedBytes()
        for length in 0..<valid.count {
            let prefix = Array(valid[0..<length])
            let fullOK = (try? OMKeyInfo(serializedBytes: prefix)) != nil
            let lightOK = (try? OMKeyInfoLight(parsing: prefix)) != nil
            #expect(fullOK == lightOK, "prefix \(length)")
        }
        #expect(throws: ProtoLightError.self) { try OMKeyInfoLight(parsing: hex("00 01")) }        // field 0
        #expect(throws: ProtoLightError.self) { try OMKeyInfoLight(parsing: hex("0f")) }           // wire type 7
        #expect(throws: ProtoLightError.self) { try OMKeyInfoLight(parsing: hex("94 03")) }        // stray end group
        #expect(throws: ProtoLightError.self) { try OMKeyInfoLight(parsing: hex("93 03 08 01")) }  // open group
        #expect(throws: ProtoLightError.self) {
            try OMKeyInfoLight(parsing: hex("20 ff ff ff ff ff ff ff ff ff ff 01"))             // 11-byte varint
        }
        #expect(throws: ProtoLightError.self) { try OMDirectoryInfoLight(parsing: hex("0a 05 61")) }
    }

    @Test func directoryInfoLightMatchesFullDecode() throws {
        var dir = OMDirectoryInfo()
        dir.name = "photos"
        dir.creationTime = 11
        dir.modificationTime = 12
        var meta = HddsKeyValue()
        meta.key = "k"
        dir.metadata = [meta]
        var acl = OMOzoneAclInfo()
        acl.name = "hadoop"
        dir.acls = [acl]
        dir.objectID = 0x8000_0000_0000_1200
        dir.updateID = 18
        dir.parentID = 0x8000_0000_0000_0900
        dir.ownerName = "hadoop"
        let bytes: [UInt8] = try dir.serializedBytes()
        let light = try OMDirectoryInfoLight(parsing: bytes)
        #expect(light == OMDirectoryInfoLight(try OMDirectoryInfo(serializedBytes: bytes)))
        #expect(light.name == "photos" && light.parentID == 0x8000_0000_0000_0900)
        #expect(try OMDirectoryInfoLight(parsing: Data(bytes)) == light)
    }
}
