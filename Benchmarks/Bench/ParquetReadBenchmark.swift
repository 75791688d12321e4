import CommandLineSupport
import Foundation
import PersonaKit

/// `spb-bench parquet FILE`: one pass of DatasetReader over a Parquet persona file (strict mode, the
/// card's validation, the default text template), reporting records, seconds and the process's peak
/// resident memory. Run once per process so the peak belongs to that file alone;
/// `Benchmarks/parquet-read.sh` writes the 1,000,000-row files and runs pyarrow and polars beside it.
enum ParquetReadBenchmark {
    /// Runs the benchmark on `arguments` (one path); returns the exit status.
    static func main(_ arguments: [String]) -> Int32 {
        guard arguments.count == 1, let path = arguments.first, !path.hasPrefix("-") else {
            FileHandle.standardError.write(Data("usage: spb-bench parquet FILE.parquet\n".utf8))
            return 64
        }
        do {
            let start = ContinuousClock.now
            var characters = 0
            let summary = try DatasetReader(url: URL(fileURLWithPath: path), format: .parquet(textColumn: nil), mode: .strict)
                .read { characters &+= $0.text.utf8.count }
            let seconds = Double((ContinuousClock.now - start) / .milliseconds(1)) / 1000
            let peak = PeakResidentMemory.bytes().map { String(format: "%.0f", Double($0) / 1e6) } ?? "n/a"
            print(String(format: "swift: %d records, %.2f s, peak resident %@ MB (%d text bytes)", summary.records, seconds, peak, characters))
            return 0
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 65
        }
    }
}
