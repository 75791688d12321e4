import Embedding
import Foundation
import LinearAlgebra
import Thresholds

/// `spb-bench precision-gate [--precision int8|bf16] [--threshold τ] [FILE...]`: whether a reduced
/// precision keeps the semantic gate's decisions.
///
/// Reads persona-pair files (default `Benchmarks/persona-pairs/dev.jsonl` and `test.jsonl`; each side
/// rendered by the gate's default persona template, as `spb-analyze thresholds` reads them), embeds
/// both sides of every pair with fp32 and with the reduced precision, and reports per file: the share
/// of pairs whose decision at τ (default ``MiniLMEncoder/defaultDuplicateThreshold``) is the same
/// with both, each precision's F1 against the labels, and the min/mean cosine between the two
/// precisions' embeddings of the same text. One JSON line per file; exit 1 when agreement is below
/// 99 % or F1 moves by more than 0.005 (the issue's bar).
enum PrecisionGateBenchmark {
    static let usage = "usage: spb-bench precision-gate [--precision int8|bf16] [--threshold T] [FILE...]"

    static func run(_ arguments: [String]) async -> Int32 {
        var precision = EncoderPrecision.int8, threshold = MiniLMEncoder.defaultDuplicateThreshold, files = [String]()
        var index = 0
        while index < arguments.count {
            let parts = arguments[index].split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            let value = parts.count == 2 ? parts[1] : (index + 1 < arguments.count ? arguments[index + 1] : nil)
            switch name {
            case "--precision", "--threshold":
                guard let value else { return usageError("\(name) needs a value") }
                if name == "--precision" {
                    guard let parsed = EncoderPrecision(rawValue: value), parsed != .fp32 else { return usageError("--precision takes int8 or bf16") }
                    precision = parsed
                } else {
                    guard let parsed = Float(value), parsed > -1, parsed < 1 else { return usageError("--threshold takes a cosine in (-1, 1)") }
                    threshold = parsed
                }
                index += parts.count == 2 ? 1 : 2
            case "--help", "-h":
                print(usage)
                return 0
            default:
                guard !name.hasPrefix("-") else { return usageError("unexpected argument \(name)") }
                files.append(name)
                index += 1
            }
        }
        if files.isEmpty { files = ["Benchmarks/persona-pairs/dev.jsonl", "Benchmarks/persona-pairs/test.jsonl"] }
        do {
            let directory = try MiniLMEncoder.locateModelDirectory()
            let reference = try MiniLMEncoder(modelDirectory: directory)
            let reduced = try MiniLMEncoder(modelDirectory: directory, precision: precision)
            var met = true
            for file in files {
                let set = try PairFileReader.read(URL(fileURLWithPath: file), spec: .personaPairs)
                let texts = set.pairs.flatMap { [$0.first, $0.second] }
                let full = try await reference.encode(texts), low = try await reduced.encode(texts)
                let comparison = Comparison(pairs: set.pairs, reference: full, reduced: low, threshold: threshold)
                met = met && comparison.agreement >= 0.99 && abs(comparison.f1.reduced - comparison.f1.reference) <= 0.005
                print(comparison.json(file: file, reduced: reduced, threshold: threshold))
            }
            return met ? 0 : 1
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
    }

    private static func usageError(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("error: \(message)\n\(usage)\n".utf8))
        return 64
    }

    /// The two precisions' gate decisions on one file's pairs.
    struct Comparison {
        let pairs: Int
        let agreement: Double
        let f1: (reference: Double, reduced: Double)
        let textCosine: (min: Float, mean: Float)

        /// Row `2i` and `2i + 1` of each matrix are pair `i`'s two sides.
        init(pairs labelled: [LabelledPair], reference: Matrix, reduced: Matrix, threshold: Float) {
            func similarity(_ m: Matrix, _ a: Int, _ b: Int) -> Float { BLAS.dot(m.row(a), m.row(b)) }  // unit rows
            let fullDecisions = labelled.indices.map { similarity(reference, 2 * $0, 2 * $0 + 1) >= threshold }
            let lowDecisions = labelled.indices.map { similarity(reduced, 2 * $0, 2 * $0 + 1) >= threshold }
            let labels = labelled.map(\.isDuplicate)
            func score(_ decisions: [Bool]) -> Double {
                let truePositives = Double(zip(decisions, labels).filter { $0 && $1 }.count)
                let predicted = Double(decisions.filter { $0 }.count), actual = Double(labels.filter { $0 }.count)
                return predicted + actual == 0 ? 0 : 2 * truePositives / (predicted + actual)
            }
            let cosines = (0 ..< reference.rows).map { BLAS.dot(reference.row($0), reduced.row($0)) }
            pairs = labelled.count
            agreement = Double(zip(fullDecisions, lowDecisions).filter { $0 == $1 }.count) / Double(max(labelled.count, 1))
            f1 = (score(fullDecisions), score(lowDecisions))
            textCosine = (cosines.min() ?? 1, cosines.reduce(0, +) / Float(max(cosines.count, 1)))
        }

        func json(file: String, reduced: MiniLMEncoder, threshold: Float) -> String {
            "{\"file\": \"\(file)\", \"precision\": \"\(reduced.precision)\", \"identifier\": \"\(reduced.identifier)\", "
                + "\"threshold\": \(threshold), \"pairs\": \(pairs), \"decision_agreement\": \(String(format: "%.4f", agreement)), "
                + "\"f1_fp32\": \(String(format: "%.4f", f1.reference)), \"f1_reduced\": \(String(format: "%.4f", f1.reduced)), "
                + "\"min_text_cosine\": \(String(format: "%.6f", textCosine.min)), \"mean_text_cosine\": \(String(format: "%.6f", textCosine.mean))}"
        }
    }
}
