import Embedding
import Foundation
import LinearAlgebra

/// `spb-bench encoder`: throughput of ``MiniLMEncoder`` on the shared benchmark texts.
///
/// Reads one text per line, warms up on one batch, then times `encode` over all texts `--runs`
/// times and prints one JSON line (median texts/s). `--ids` times `embed(tokenIDs:)` alone on
/// pre-tokenised ids (one comma-separated line per text); `--out` writes the embeddings of the
/// last run as raw little-endian float32 rows, for the cosine check against Python.
///
/// It also reports the fp32 limit: the encoder layers' FLOPs for these texts (from the model's
/// shapes and each text's token count, ``BertConfiguration/forwardFLOPs(sequenceLength:)``)
/// divided by the machine's sgemm peak (a square `--peak-size`³ product with OpenBLAS on every
/// core, measured before and after the timed runs; the higher counts), and the fraction of that
/// limit the encoder reached.
///
/// `--precision fp32|bf16|int8` picks the encoder's ``EncoderPrecision`` (fp32 by default); the
/// report names the precision that ran and its kernels, and beside the sgemm peak gives the
/// machine's int8 limit: the int8 dense product's GOP/s on every core
/// (``MiniLMEncoder/int8ProductPeak(side:threads:runs:)``), and the texts/s it would allow with the
/// dense products at that peak and attention at the sgemm peak.
enum EncoderBenchmark {
    static let usage = "usage: spb-bench encoder [--texts FILE] [--ids FILE] [--runs N] [--batch N] [--concurrency N] [--blas-threads N] [--peak-size N] [--precision fp32|bf16|int8] [--out FILE]"

    static func run(_ arguments: [String]) async -> Int32 {
        var options = ["--texts": "Benchmarks/data/encoder_texts.txt", "--runs": "3", "--batch": "32", "--peak-size": "2048",
                       "--precision": "fp32"]
        let valued = ["--texts", "--ids", "--runs", "--batch", "--concurrency", "--blas-threads", "--peak-size", "--precision", "--out"]
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
              let peakSide = options["--peak-size"].flatMap(Int.init), peakSide > 0,
              options["--concurrency"].map({ Int($0).map { $0 > 0 } ?? false }) ?? true,
              options["--blas-threads"].map({ Int($0).map { $0 > 0 } ?? false }) ?? true else {
            FileHandle.standardError.write(Data("error: --runs, --batch, --concurrency, --blas-threads and --peak-size take positive integers\n\(usage)\n".utf8))
            return 64
        }
        guard let precision = options["--precision"].flatMap(EncoderPrecision.init(rawValue:)) else {
            let allowed = EncoderPrecision.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("error: --precision takes one of \(allowed)\n\(usage)\n".utf8))
            return 64
        }
        if let threads = options["--blas-threads"].flatMap(Int.init) { BLAS.setThreadCount(threads) }
        let concurrency = options["--concurrency"].flatMap(Int.init) ?? MiniLMEncoder.defaultConcurrency
        do {
            let encoder = try MiniLMEncoder(modelDirectory: try MiniLMEncoder.locateModelDirectory(),
                                            batchSize: batch, concurrency: concurrency, precision: precision)
            let texts = try String(contentsOfFile: options["--texts"] ?? "", encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
            var report: [String: String] = [
                "\"side\"": "\"swift\"", "\"texts\"": "\(texts.count)", "\"batch\"": "\(batch)", "\"concurrency\"": "\(concurrency)",
                // OpenBLAS threads inside the timed rounds: one when several batches run at once.
                "\"blas_threads\"": "\(concurrency > 1 && texts.count > batch ? 1 : BLAS.threadCount)",
                "\"OPENBLAS_CORETYPE\"": "\"\(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "unset")\"",
                "\"precision\"": "\"\(encoder.precision)\"", "\"identifier\"": "\"\(encoder.identifier)\"",
                "\"kernels\"": "\"\(encoder.kernels)\"",
            ]
            let (flopsPerText, denseFLOPsPerText) = try meanForwardFLOPs(of: texts)
            let peakBefore = sgemmPeakOnAllCores(side: peakSide)
            _ = try await encoder.encode(Array(texts.prefix(batch)))  // warm-up
            var rates = [Double](), embeddings = Matrix(rows: 0, columns: encoder.dimension)
            for _ in 0 ..< runs {
                let start = ContinuousClock.now
                embeddings = try await encoder.encode(texts)
                rates.append(Double(texts.count) / seconds(ContinuousClock.now - start))
            }
            let peak = max(peakBefore, sgemmPeakOnAllCores(side: peakSide))
            let rate = median(rates)
            report["\"runs\""] = "[" + rates.map { String(format: "%.1f", $0) }.joined(separator: ", ") + "]"
            report["\"texts_per_second\""] = String(format: "%.1f", rate)
            report["\"gflop_per_text\""] = String(format: "%.3f", flopsPerText / 1e9)
            report["\"gflops\""] = String(format: "%.1f", rate * flopsPerText / 1e9)
            report["\"sgemm_peak_gflops\""] = String(format: "%.1f", peak)
            report["\"fp32_limit_texts_per_second\""] = String(format: "%.1f", peak * 1e9 / flopsPerText)
            report["\"fraction_of_limit\""] = String(format: "%.3f", rate * flopsPerText / 1e9 / peak)
            if let int8Peak = MiniLMEncoder.int8ProductPeak() {
                let secondsPerText = denseFLOPsPerText / (int8Peak * 1e9) + (flopsPerText - denseFLOPsPerText) / (peak * 1e9)
                report["\"int8_peak_gops\""] = String(format: "%.1f", int8Peak)
                report["\"int8_limit_texts_per_second\""] = String(format: "%.1f", 1 / secondsPerText)
            }
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
                try Float32Bytes.encode(embeddings.storage).write(to: URL(fileURLWithPath: out))
            }
            print("{" + report.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}")
            return 0
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
    }

    /// Mean encoder-layer FLOPs per text, all and those of the four dense products alone, from each
    /// text's token count (truncated as the encoder does).
    private static func meanForwardFLOPs(of texts: [String]) throws -> (all: Double, dense: Double) {
        let directory = try MiniLMEncoder.locateModelDirectory()
        let configuration = try BertConfiguration.load(from: directory)
        let tokenizer = try BertTokenizer(vocabularyURL: directory.appendingPathComponent("vocab.txt"),
                                          lowercase: true, maxLength: configuration.maxSequenceLength)
        let lengths = texts.map { Double(tokenizer.encode($0).count) }
        let total = lengths.reduce(0.0) { $0 + configuration.forwardFLOPs(sequenceLength: Int($1)) }
        let h = Double(configuration.hiddenSize), i = Double(configuration.intermediateSize)
        let dense = lengths.reduce(0.0) { $0 + Double(configuration.layers) * 2 * $1 * h * (4 * h + 2 * i) }
        let count = Double(max(texts.count, 1))
        return (total / count, dense / count)
    }

    /// The sgemm peak in GFLOP/s with OpenBLAS threaded over every core, whatever the encoder's
    /// configuration: the fp32 limit of the machine, not of one setting.
    private static func sgemmPeakOnAllCores(side: Int) -> Double {
        let configured = BLAS.threadCount
        BLAS.setThreadCount(ProcessInfo.processInfo.activeProcessorCount)
        defer { BLAS.setThreadCount(configured) }
        return IndexBenchmark.sgemmPeak(side: side, runs: 3).gflops
    }

    private static func seconds(_ duration: Duration) -> Double {
        duration / .seconds(1)
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
    }
}
