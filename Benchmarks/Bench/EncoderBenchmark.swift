import Embedding
import Foundation
import LinearAlgebra

/// `spb-bench encoder`: throughput of ``MiniLMEncoder`` on the shared benchmark texts.
///
/// Reads one text per line, warms up on one batch, then times `encode` over all texts `--runs`
/// times and prints one JSON line (median texts/s). `--ids` times `embed(tokenIDs:)` alone on
/// pre-tokenised ids (one comma-separated line per text); `--out` writes the embeddings of the
/// last run as raw little-endian float32 rows, for the cosine check against Python.
enum EncoderBenchmark {
    static let usage = "usage: spb-bench encoder [--texts FILE] [--ids FILE] [--runs N] [--batch N] [--concurrency N] [--blas-threads N] [--out FILE]"

    static func run(_ arguments: [String]) async -> Int32 {
        var options = ["--texts": "Benchmarks/data/encoder_texts.txt", "--runs": "3", "--batch": "32"]
        let valued = ["--texts", "--ids", "--runs", "--batch", "--concurrency", "--blas-threads", "--out"]
        var index = 0
        while index < arguments.count {
            let parts = arguments[index].split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, valued.contains(parts[0]) {
                options[parts[0]] = parts[1]
                index += 1
            } else if index + 1 < arguments.count, valued.contains(parts[0]) {
                options[parts[0]] = arguments[index + 1]
                index += 2
            } else {
                FileHandle.standardError.write(Data("error: unexpected argument \(arguments[index])\n\(usage)\n".utf8))
                return 64
            }
        }
        guard let runs = options["--runs"].flatMap(Int.init), runs > 0,
              let batch = options["--batch"].flatMap(Int.init), batch > 0,
              options["--concurrency"].map({ Int($0).map { $0 > 0 } ?? false }) ?? true,
              options["--blas-threads"].map({ Int($0).map { $0 > 0 } ?? false }) ?? true else {
            FileHandle.standardError.write(Data("error: --runs, --batch, --concurrency and --blas-threads take positive integers\n\(usage)\n".utf8))
            return 64
        }
        if let threads = options["--blas-threads"].flatMap(Int.init) { BLAS.setThreadCount(threads) }
        let concurrency = options["--concurrency"].flatMap(Int.init) ?? MiniLMEncoder.defaultConcurrency
        do {
            let encoder = try MiniLMEncoder(modelDirectory: try MiniLMEncoder.locateModelDirectory(),
                                            batchSize: batch, concurrency: concurrency)
            let texts = try String(contentsOfFile: options["--texts"] ?? "", encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
            var report: [String: String] = [
                "\"side\"": "\"swift\"", "\"texts\"": "\(texts.count)", "\"batch\"": "\(batch)", "\"concurrency\"": "\(concurrency)",
                "\"blas_threads\"": "\(BLAS.threadCount)",
                "\"OPENBLAS_CORETYPE\"": "\"\(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "unset")\"",
            ]
            _ = try await encoder.encode(Array(texts.prefix(batch)))  // warm-up
            var rates = [Double](), embeddings = Matrix(rows: 0, columns: encoder.dimension)
            for _ in 0 ..< runs {
                let start = ContinuousClock.now
                embeddings = try await encoder.encode(texts)
                rates.append(Double(texts.count) / seconds(ContinuousClock.now - start))
            }
            report["\"runs\""] = "[" + rates.map { String(format: "%.1f", $0) }.joined(separator: ", ") + "]"
            report["\"texts_per_second\""] = String(format: "%.1f", median(rates))
            if let idsPath = options["--ids"] {
                let ids = try String(contentsOfFile: idsPath, encoding: .utf8).split(separator: "\n")
                    .map { line in line.split(separator: ",").compactMap { Int32($0) } }
                var forwardRates = [Double]()
                for _ in 0 ..< runs {
                    let start = ContinuousClock.now
                    embeddings = encoder.embed(tokenIDs: ids)
                    forwardRates.append(Double(ids.count) / seconds(ContinuousClock.now - start))
                }
                report["\"mean_tokens\""] = String(format: "%.1f", Double(ids.map(\.count).reduce(0, +)) / Double(max(ids.count, 1)))
                report["\"forward_only_texts_per_second\""] = String(format: "%.1f", median(forwardRates))
            }
            if let out = options["--out"] {
                try embeddings.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: out))
            }
            print("{" + report.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}")
            return 0
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
    }
}
