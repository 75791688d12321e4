import Embedding
import Foundation
import LinearAlgebra

/// Defaults shared by the threshold tools.
public enum ThresholdDefaults {
    /// The τ the generator's semantic gate uses by default (mirrors `spb-generate`'s constant;
    /// chosen from the development sets, see Benchmarks/THRESHOLDS.md).
    public static let gate: Float = 0.85
    /// Sweep start.
    public static let from = 0.70
    /// Sweep end (inclusive).
    public static let through = 0.99
    /// Sweep step.
    public static let step = 0.01
}

/// The similarity backends the threshold tools can use, by name.
public enum ThresholdEncoders {
    /// Names accepted by `--encoder` / `--scorers`.
    public static let names = ["hashed-ngrams", "jaccard"]

    /// A usage problem with an encoder name.
    public struct UnknownName: Error, CustomStringConvertible {
        /// The name given.
        public let name: String
        public var description: String { "unknown scorer \"\(name)\"; choose from \(ThresholdEncoders.names.joined(separator: ", "))" }
    }

    /// The text encoder for a dataset sweep, fitted (for hashed n-grams) on the dataset's texts.
    public static func encoder(named name: String, corpus: [String]) throws -> any TextEncoder {
        switch name {
        case "hashed-ngrams": return HashedNGramEncoder().fit(corpus)
        default: throw UnknownName(name: name)
        }
    }

    /// The pair scorer of that name for one labelled set.
    public static func scorer(named name: String, for set: PairSet) throws -> any PairScorer {
        switch name {
        case "hashed-ngrams": return EncoderPairScorer.hashedNGrams(fittedOn: set.pairs.map { ($0.first, $0.second) })
        case "jaccard": return WordJaccardScorer()
        default: throw UnknownName(name: name)
        }
    }
}

/// Reads a dataset for the sweep.
public enum SweepInput {
    /// One item per non-blank line of a UTF-8 text file (BOM and CR LF handled).
    /// - Throws: ``PairFileError`` for unreadable files and invalid UTF-8, naming the line.
    public static func plainTextLines(_ url: URL) throws(PairFileError) -> [SweepItem] {
        try PairFileReader.lines(of: url).filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { SweepItem(line: $0.number, text: $0.text) }
    }
}

/// The two threshold jobs end to end, minus argument parsing and file writing.
public enum ThresholdRuns {
    /// Embeds `items` and sweeps greedy dedup over `grid`.
    public static func sweep(items: [SweepItem], source: String, encoderName: String, grid: [Float], threshold: Float,
                             keep: Int?, examplesPerBand: Int) async throws -> DatasetSweepReport {
        let texts = items.map(\.text)
        let encoder = try ThresholdEncoders.encoder(named: encoderName, corpus: texts)
        var vectors = try await encoder.encode(texts)
        Vectors.normalizeRows(&vectors)
        return DatasetSweepAnalysis.run(items: items, vectors: vectors, encoder: encoder.identifier, source: source,
                                        grid: grid, threshold: threshold, keep: keep, examplesPerBand: examplesPerBand)
    }

    /// Reads every pair file (with `spec`, or the preset its shape matches) and scores it
    /// with every named scorer.
    public static func pairs(files: [URL], spec: PairFileSpec?, scorerNames: [String], threshold: Double?,
                             title: String) async throws -> PairBenchmarkReport {
        for name in scorerNames where !ThresholdEncoders.names.contains(name) { throw ThresholdEncoders.UnknownName(name: name) }
        var sets: [PairSet] = []
        for file in files {
            sets.append(try spec.map { spec throws(PairFileError) in try PairFileReader.read(file, spec: spec) }
                ?? PairFileReader.readDetectingPreset(file))
        }
        return try await PairBenchmarkReport.run(title: title, sets: sets, threshold: threshold) { set in
            try scorerNames.map { try ThresholdEncoders.scorer(named: $0, for: set) }
        }
    }
}
