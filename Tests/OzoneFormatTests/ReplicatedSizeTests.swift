import Testing
@testable import OzoneFormat

@Suite struct ReplicatedSizeTests {
    static let mib: UInt64 = 1_048_576
    static let rs32 = ECParameters(data: 3, parity: 2, chunkSize: 1_048_576)

    @Test func ratisMultipliesByFactor() {
        #expect(ReplicatedSize.compute(dataSize: 1000, type: .ratis, factor: .three, ec: nil) == 3000)
        #expect(ReplicatedSize.compute(dataSize: 1000, type: .ratis, factor: .one, ec: nil) == 1000)
        #expect(ReplicatedSize.compute(dataSize: 1000, type: .standAlone, factor: .three, ec: nil) == 1000)
    }

    /// (dataSize, expected) for rs-3-2-1MiB: stripe = 3 MiB, parity 2.
    static let rs32Cases: [(UInt64, UInt64)] = [
        (0, 0),
        (500, 1500),                 // partial chunk only: 500 + 2 × 500
        (1_048_577, 3_145_729),      // 1 MiB + 1 B: first chunk full → 1_048_577 + 2 × 1 MiB
        (6_291_456, 10_485_760),     // exactly two stripes: + 2 × 2 × 1 MiB
        (7_340_132, 13_631_588),     // two stripes + 1 MiB + 100 B: + 2 × 2 × 1 MiB + 2 × 1 MiB
    ]

    @Test(arguments: rs32Cases)
    func ecRS32(dataSize: UInt64, expected: UInt64) {
        #expect(ReplicatedSize.compute(dataSize: dataSize, type: .ec, factor: .one, ec: Self.rs32) == expected)
    }

    @Test func ecRS63() {
        // 10 MiB, stripe 6 MiB: one full stripe (3 parity chunks) + a 4 MiB partial (first chunk 1 MiB × 3).
        let ec = ECParameters(data: 6, parity: 3, chunkSize: 1_048_576)
        #expect(ReplicatedSize.compute(dataSize: 10 * Self.mib, type: .ec, factor: .one, ec: ec) == 16 * Self.mib)
    }

    @Test func ecWithoutParametersFallsBack() {
        #expect(ReplicatedSize.compute(dataSize: 10, type: .ec, factor: .one, ec: nil) == 10)
        let zero = ECParameters(data: 0, parity: 2, chunkSize: 1024)
        #expect(ReplicatedSize.compute(dataSize: 10, type: .ec, factor: .one, ec: zero) == 10)
    }

    @Test func keyInfoHelpers() {
        var info = OMKeyInfo()
        info.dataSize = 500
        info.type = .ec
        info.factor = .three  // ignored for EC
        info.ecReplicationConfig.data = 3
        info.ecReplicationConfig.parity = 2
        info.ecReplicationConfig.ecChunkSize = 1_048_576
        #expect(info.replicatedSize == 1500)

        info.type = .ratis
        #expect(info.replicatedSize == 1500)
        #expect(info.latestVersionLocations == nil)
        #expect(info.computedLatestVersion == UInt64.max)

        func location(_ container: Int64, createVersion: UInt64) -> OMKeyLocation {
            var l = OMKeyLocation()
            l.blockID.containerBlockID.containerID = container
            l.blockID.containerBlockID.localID = container * 10
            l.createVersion = createVersion
            return l
        }
        var v0 = OMKeyLocationList()
        v0.version = 0
        v0.keyLocations = [location(1, createVersion: 0), location(2, createVersion: 0)]
        var v1 = OMKeyLocationList()
        v1.version = 1
        v1.keyLocations = [location(2, createVersion: 0), location(3, createVersion: 1)]
        info.keyLocationList = [v0, v1]
        #expect(info.latestVersionLocations?.version == 1)
        #expect(info.computedLatestVersion == 1)
        #expect(info.allContainerIDs == [1, 2, 2, 3])
        #expect(info.latestVersionBlocksOnly.map(\.blockID.containerBlockID.containerID) == [3])
    }
}
