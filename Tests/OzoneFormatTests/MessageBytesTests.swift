import Foundation
import SwiftProtobuf
import Testing
@testable import OzoneFormat

/// Exact wire bytes of the value messages, computed by hand from Ozone's field numbers.
@Suite struct MessageBytesTests {
    static let bit63Plus256: UInt64 = 0x8000_0000_0000_0100
    static let bit63Plus512: UInt64 = 0x8000_0000_0000_0200
    // varint(0x8000_0000_0000_0100): groups 0, 2, 0 x7, 1.
    static let bit63Plus256Varint = "80 82 80 80 80 80 80 80 80 01"
    static let bit63Plus512Varint = "80 84 80 80 80 80 80 80 80 01"
    static let minusOneVarint = "ff ff ff ff ff ff ff ff ff 01"
    static let minusTwoVarint = "fe ff ff ff ff ff ff ff ff 01"

    static func sampleKeyInfo() -> OMKeyInfo {
        var info = OMKeyInfo()
        info.volumeName = "v"
        info.bucketName = "b"
        info.keyName = "k"
        info.dataSize = 300
        info.type = .ratis
        info.factor = .three
        var location = OMKeyLocation()
        location.blockID.containerBlockID.containerID = 5
        location.blockID.containerBlockID.localID = 7
        location.offset = 0
        location.length = 300
        location.createVersion = 0
        var list = OMKeyLocationList()
        list.version = 0
        list.keyLocations = [location]
        info.keyLocationList = [list]
        info.creationTime = 1000
        info.modificationTime = 2000
        info.latestVersion = UInt64.max  // Java's -1
        info.objectID = bit63Plus256
        info.updateID = 9
        info.parentID = 0
        info.isFile = true
        info.ownerName = "o"
        var tag = HddsKeyValue()
        tag.key = "t"
        tag.value = "u"
        info.tags = [tag]
        return info
    }

    static let sampleKeyInfoBytes = hex("""
        0a 01 76  12 01 62  1a 01 6b
        20 ac 02
        28 01  30 03
        3a 13  08 00  12 0f  0a 06 0a 04 08 05 10 07  18 00  20 ac 02  28 00
        40 e8 07  48 d0 0f
        50 \(minusOneVarint)
        70 \(bit63Plus256Varint)
        78 09
        80 01 00
        98 01 01
        a2 01 01 6f
        aa 01 06 0a 01 74 12 01 75
        """)

    @Test func keyInfoEncodesToExactBytes() throws {
        let bytes = try Self.sampleKeyInfo().serializedBytes() as [UInt8]
        #expect(hexString(bytes) == hexString(Self.sampleKeyInfoBytes))
    }

    @Test func keyInfoDecodesBack() throws {
        let decoded = try OMKeyInfo(serializedBytes: Self.sampleKeyInfoBytes)
        #expect(decoded == Self.sampleKeyInfo())
        #expect(decoded.latestVersion == UInt64.max)
        #expect(Int64(bitPattern: decoded.objectID) == -9_223_372_036_854_775_552)
        #expect(decoded.keyLocationList.last?.keyLocations.first?.blockID.containerBlockID.containerID == 5)
    }

    @Test func firstFieldIsVolumeName() throws {
        var info = OMKeyInfo()
        info.volumeName = "v"
        #expect(try info.serializedBytes() as [UInt8] == hex("0a 01 76"))
    }

    @Test func negativeInt64IsTenByteVarint() throws {
        var id = HddsContainerBlockID()
        id.containerID = -1
        id.localID = Int64.min
        // Int64.min = 1 << 63: groups 0 x9, then 1.
        #expect(try id.serializedBytes() as [UInt8]
                == hex("08 \(Self.minusOneVarint) 10 80 80 80 80 80 80 80 80 80 01"))
        let back = try HddsContainerBlockID(serializedBytes: hex("08 \(Self.minusOneVarint)"))
        #expect(back.containerID == -1)
    }

    @Test func ecKeyInfoBytes() throws {
        var info = OMKeyInfo()
        info.type = .ec
        var ec = HddsECReplicationConfig()
        ec.data = 3
        ec.parity = 2
        ec.codec = "rs"
        ec.ecChunkSize = 1_048_576
        info.ecReplicationConfig = ec
        // 1048576 = 2^20: varint groups 0, 0, 0x40.
        #expect(try info.serializedBytes() as [UInt8]
                == hex("28 04  8a 01 0c  08 03 10 02 1a 02 72 73 20 80 80 40"))
    }

    @Test func directoryInfoBytes() throws {
        var dir = OMDirectoryInfo()
        dir.name = "d"
        dir.creationTime = 1
        dir.modificationTime = 2
        dir.objectID = Self.bit63Plus512
        dir.updateID = 3
        dir.parentID = Self.bit63Plus256
        dir.ownerName = "o"
        let expected = hex("""
            0a 01 64  10 01  18 02
            30 \(Self.bit63Plus512Varint)
            38 03
            40 \(Self.bit63Plus256Varint)
            4a 01 6f
            """)
        #expect(hexString(try dir.serializedBytes() as [UInt8]) == hexString(expected))
        #expect(try OMDirectoryInfo(serializedBytes: expected) == dir)
    }

    @Test func bucketInfoBytes() throws {
        var bucket = OMBucketInfo()
        bucket.volumeName = "v"
        bucket.bucketName = "b"
        bucket.isVersionEnabled = false
        bucket.storageType = .disk
        bucket.creationTime = 5
        bucket.objectID = 10
        bucket.quotaInBytes = -2
        bucket.bucketLayout = .fileSystemOptimized
        bucket.owner = "o"
        let expected = hex("""
            0a 01 76  12 01 62  20 00  28 01  30 05  48 0a
            78 \(Self.minusTwoVarint)
            90 01 02
            9a 01 01 6f
            """)
        #expect(hexString(try bucket.serializedBytes() as [UInt8]) == hexString(expected))
        #expect(try OMBucketInfo(serializedBytes: expected) == bucket)
    }

    @Test func bucketDefaultsMatchOzone() throws {
        let empty = try OMBucketInfo(serializedBytes: [UInt8]())
        #expect(empty.bucketLayout == .legacy)
        #expect(empty.quotaInBytes == -2)
        #expect(empty.quotaInNamespace == -2)
        #expect(empty.storageType == .disk)
        let key = try OMKeyInfo(serializedBytes: [UInt8]())
        #expect(key.type == .ratis)
        #expect(key.factor == .one)
        #expect(OMKeyLocation().partNumber == -1)
    }

    @Test func volumeInfoBytes() throws {
        var volume = OMVolumeInfo()
        volume.adminName = "a"
        volume.ownerName = "o"
        volume.volume = "v"
        volume.creationTime = 7
        volume.objectID = 8
        volume.quotaInNamespace = -2
        volume.refCount = -1
        let expected = hex("""
            0a 01 61  12 01 6f  1a 01 76
            38 07  40 08
            58 \(Self.minusTwoVarint)
            68 \(Self.minusOneVarint)
            """)
        #expect(hexString(try volume.serializedBytes() as [UInt8]) == hexString(expected))
        #expect(try OMVolumeInfo(serializedBytes: expected) == volume)
    }

    @Test func missingRequiredFieldsDecode() throws {
        // Only dataSize: Ozone marks volumeName etc. required; we must still decode.
        let info = try OMKeyInfo(serializedBytes: hex("20 05"))
        #expect(info.dataSize == 5)
        #expect(!info.hasVolumeName)
    }

    @Test func unknownFieldsSurviveRoundTrip() throws {
        // Field 50 (varint 1) and field 51 (bytes "x") are not declared.
        let bytes = hex("0a 01 76  90 03 01  9a 03 01 78")
        let info = try OMKeyInfo(serializedBytes: bytes)
        #expect(info.volumeName == "v")
        #expect(try info.serializedBytes() as [UInt8] == bytes)
    }

    @Test func repeatedKeyInfoAndMultipart() throws {
        var repeated = OMRepeatedKeyInfo()
        var info = OMKeyInfo()
        info.keyName = "k"
        repeated.keyInfo = [info, info]
        repeated.bucketID = 3
        #expect(try repeated.serializedBytes() as [UInt8] == hex("0a 03 1a 01 6b  0a 03 1a 01 6b  10 03"))

        var mpu = OMMultipartKeyInfo()
        mpu.uploadID = "u"
        mpu.creationTime = 1
        mpu.type = .ratis
        mpu.schemaVersion = 1
        mpu.keyName = "k"
        #expect(try mpu.serializedBytes() as [UInt8] == hex("0a 01 75  10 01  18 01  50 01  6a 01 6b"))
    }

    @Test func dbUpdatesResponseRoundTrip() throws {
        var response = OMDBUpdatesResponse()
        response.sequenceNumber = UInt64.max  // -1: no batch
        response.data = [Data([1, 2]), Data()]
        response.latestSequenceNumber = 10
        response.dbUpdateSuccess = true
        let expected = hex("08 \(Self.minusOneVarint)  12 02 01 02  12 00  18 0a  20 01")
        let bytes: [UInt8] = try response.serializedBytes()
        #expect(hexString(bytes) == hexString(expected))
        let back = try OMDBUpdatesResponse(serializedBytes: bytes)
        #expect(back == response)
        #expect(back.data.map { Array($0) } == [[1, 2], []])

        var request = OMDBUpdatesRequest()
        request.sequenceNumber = 300
        request.limitCount = 50000
        let requestBytes: [UInt8] = try request.serializedBytes()
        #expect(requestBytes == hex("08 ac 02  10 d0 86 03"))
        #expect(try OMDBUpdatesRequest(serializedBytes: requestBytes) == request)
    }

    @Test func lifecycleConfigurationRoundTrip() throws {
        var rule = OMLifecycleRule()
        rule.id = "r"
        rule.enabled = true
        var action = OMLifecycleAction()
        action.expiration.days = 30
        rule.action = [action]
        rule.filter.prefix = "logs/"
        var config = OMLifecycleConfiguration()
        config.volume = "v"
        config.bucket = "b"
        config.bucketLayout = .objectStore
        config.creationTime = 1
        config.rules = [rule]
        // rule: 0a 01 72 | 10 01 | 1a 04 (0a 02 08 1e) | 2a 07 (0a 05 "logs/")
        let ruleBytes = "0a 01 72  10 01  1a 04 0a 02 08 1e  2a 07 0a 05 6c 6f 67 73 2f"
        let expected = hex("0a 01 76  12 01 62  18 03  20 01  2a 14 \(ruleBytes)")
        let bytes: [UInt8] = try config.serializedBytes()
        #expect(hexString(bytes) == hexString(expected))
        #expect(try OMLifecycleConfiguration(serializedBytes: bytes) == config)

        var scan = OMLifecycleScanState()
        scan.bucketKey = "/v/b"
        scan.lastScannedMpuKey = "m"
        #expect(try scan.serializedBytes() as [UInt8] == hex("0a 04 2f 76 2f 62  4a 01 6d"))
    }

    @Test func storageMessages() throws {
        var user = OMPersistedUserVolumeInfo()
        user.volumeNames = ["a", "b"]
        user.objectID = 1
        #expect(try user.serializedBytes() as [UInt8] == hex("0a 01 61  0a 01 62  10 01"))
    }
}
