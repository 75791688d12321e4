import Testing
import LinearAlgebra
import TestSupport

@Suite("Threshold scans") struct ThresholdScanTests {
    /// 300 scores with ties at the threshold 0.5 and a few NaN-free extremes.
    private static let scores: [Float] = (0 ..< 300).map { index in
        switch index % 7 {
        case 0: 0.5
        case 3: Float(index) / 300
        case 5: -1
        default: Float((index * 37) % 100) / 100
        }
    }

    @Test("at least a threshold: ties included, any start and length (SIMD chunks and tails)",
          arguments: [0 ..< 0, 0 ..< 1, 5 ..< 68, 0 ..< 64, 1 ..< 66, 3 ..< 300, 0 ..< 300])
    func atLeast(range: Range<Int>) {
        var found = [Int]()
        ThresholdScan.forEach(in: Self.scores, range, atLeast: 0.5) { index, value in
            found.append(index)
            #expect(value.bitPattern == Self.scores[index].bitPattern)
        }
        #expect(found == range.filter { Self.scores[$0] >= 0.5 })
    }

    @Test("strictly above a cut-off that the callback raises", arguments: [0 ..< 300, 7 ..< 130, 10 ..< 11])
    func aboveARisingCutoff(range: Range<Int>) {
        var found = [Int]()
        ThresholdScan.forEach(in: Self.scores, range, above: 0.5) { index, value in
            found.append(index)
            return value
        }
        var cutoff: Float = 0.5, expected = [Int]()
        for index in range where Self.scores[index] > cutoff {
            expected.append(index)
            cutoff = Self.scores[index]
        }
        #expect(found == expected)
        #expect(found.allSatisfy { Self.scores[$0] > 0.5 })
    }
}
