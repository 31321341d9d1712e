import ReconTaskKit
import Testing

/// Recon's file-size binning (ReconUtils.getFileSizeBinIndex / getFileSizeUpperBound).
@Suite("File-size bins")
struct FileSizeBinsTests {
    /// (size, bin index, stored upper bound), from Recon's documented examples.
    static let cases: [(UInt64, Int, Int64)] = [
        (0, 0, 1024), (1, 0, 1024), (1024, 0, 1024), (1025, 1, 2048), (2048, 1, 2048),
        (1_048_576, 10, 1_048_576), (1_048_577, 11, 2_097_152),
        (562_949_953_421_313, 40, 1_125_899_906_842_624),
        (1_125_899_906_842_624, 40, Int64.max), (UInt64.max, 40, Int64.max),
    ]

    @Test(arguments: cases)
    func binAndUpperBound(size: UInt64, index: Int, bound: Int64) {
        #expect(FileSizeBins.index(of: size) == index)
        #expect(FileSizeBins.upperBound(of: size) == bound)
    }

    @Test func everyBinBelowOnePebibyteHasItsOwnUpperBound() {
        for i in 0..<40 {
            let bound = UInt64(1) << (10 + i)
            #expect(FileSizeBins.index(of: bound) == i)
            #expect(FileSizeBins.index(of: bound + 1) == i + 1)
        }
    }
}
