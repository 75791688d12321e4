import CommandLineSupport
import Embedding
import Foundation
import LinearAlgebra
import PersonaKit

/// Defaults shared by the threshold tools.
public enum ThresholdDefaults {
    /// The τ the generator's semantic gate uses by default (chosen from the development sets,
    /// see Benchmarks/THRESHOLDS.md).
    public static let gate = MiniLMEncoder.defaultDuplicateThreshold
    /// Sweep start.
    public static let from = 0.70
    /// Sweep end (inclusive).
    public static let through = 0.99
    /// Sweep step.
    public static let step = 0.01
}

/// The similarity backends the threshold tools can use, by name.
public enum ThresholdEncoders {
    /// Names accepted by `--scorers`.
    public static let names = ["minilm", "hashed-ngrams", "jaccard"]
    /// Names accepted by `--encoder` (embeddings, for the dataset sweep).
    public static let sweepEncoderNames = ["minilm", "hashed-ngrams"]
    /// The sweep's default encoder: the generator's.
    public static let defaultEncoder = "minilm"

    /// The MiniLM encoder from the usual model directory (`PERSONABANK_MODEL_DIR`,
    /// `./models/all-MiniLM-L6-v2`, …); the error names the set-up command when weights are missing.
    public static func miniLM() throws -> MiniLMEncoder {
        try MiniLMEncoder(modelDirectory: MiniLMEncoder.locateModelDirectory())
    }

    /// The usage error for a name not in ``names``.
    static func unknown(_ name: String) -> UsageError {
        UsageError("unknown scorer or encoder '\(name)'", hint: "choose from \(names.joined(separator: ", "))")
    }

    /// The text encoder for a dataset sweep, fitted (for hashed n-grams) on the dataset's texts.
    public static func encoder(named name: String, corpus: [String]) throws -> any TextEncoder {
        switch name {
        case "minilm": return try miniLM()
        case "hashed-ngrams": return HashedNGramEncoder().fit(corpus)
        default: throw unknown(name)
        }
    }

    /// The pair scorer of that name for one labelled set.
    /// - Parameter miniLM: the loaded MiniLM encoder, required for "minilm" (loaded once per run).
    public static func scorer(named name: String, for set: PairSet, miniLM: MiniLMEncoder?) throws -> any PairScorer {
        switch name {
        case "minilm":
            guard let miniLM else { preconditionFailure("the MiniLM encoder is loaded before scoring") }
            return EncoderPairScorer(name: "minilm", encoder: miniLM)
        case "hashed-ngrams": return EncoderPairScorer.hashedNGrams(fittedOn: set.pairs.map { ($0.first, $0.second) })
        case "jaccard": return WordJaccardScorer()
        default: throw unknown(name)
        }
    }
}

/// Reads a dataset for the sweep.
public enum SweepInput {
    /// The records of a dataset file through PersonaKit's `DatasetReader` (persona JSONL or
    /// JSON array, plain text lines, a CSV column, a JSONL text field). Personas are not
    /// validated against the card's rules: the sweep only needs their text.
    /// - Returns: the items and the reader's summary (skipped records in `.skip` mode).
    /// - Throws: `InputError` naming file, line and field (strict mode, or an unreadable file).
    public static func read(_ url: URL, format: InputFormat, mode: ErrorMode) throws -> (items: [SweepItem], summary: ReadSummary) {
        var items: [SweepItem] = []
        let summary = try DatasetReader(url: url, format: format, mode: mode, rules: nil).read { record in
            items.append(SweepItem(line: record.line, text: record.text, persona: record.persona))
        }
        return (items, summary)
    }
}

/// The two threshold jobs end to end, minus argument parsing and file writing.
public enum ThresholdRuns {
    /// Embeds `items` and sweeps greedy dedup over `grid`.
    ///
    /// With an encoder that has a limited vocabulary (MiniLM), items whose share of unreadable word
    /// pieces is above `maxUnreadableShare` are left out first (and counted in the report).
    public static func sweep(items: [SweepItem], source: String, encoderName: String, grid: [Float], threshold: Float,
                             keep: Int?, examplesPerBand: Int,
                             maxUnreadableShare: Double = TextReadability.defaultMaxUnreadableShare) async throws -> DatasetSweepReport {
        let encoder = try ThresholdEncoders.encoder(named: encoderName, corpus: items.map(\.text))
        var swept = items
        var excluded: Int?
        if let measure = encoder as? any ReadabilityMeasuring {
            swept = items.filter { !measure.readability(of: $0.text).exceeds(maxUnreadableShare) }
            excluded = items.count - swept.count
        }
        var vectors = try await encoder.encode(swept.map(\.text))
        Vectors.normalizeRows(&vectors)
        return DatasetSweepAnalysis.run(items: swept, vectors: vectors, encoder: encoder.identifier, source: source,
                                        grid: grid, threshold: threshold, keep: keep, examplesPerBand: examplesPerBand,
                                        unreadableExcluded: excluded)
    }

    /// Reads every pair file (with `spec`, or the preset its shape matches) and scores it
    /// with every named scorer.
    ///
    /// When MiniLM is among the scorers, pairs with a side above `maxUnreadableShare` unreadable
    /// pieces are moved to the dropped pairs (counted and summarised per set), so every scorer
    /// sees the same pairs.
    public static func pairs(files: [URL], spec: PairFileSpec?, scorerNames: [String], threshold: Double?,
                             title: String, maxUnreadableShare: Double = TextReadability.defaultMaxUnreadableShare,
                             progress: ProgressReporter? = nil) async throws -> PairBenchmarkReport {
        for name in scorerNames where !ThresholdEncoders.names.contains(name) { throw ThresholdEncoders.unknown(name) }
        let miniLM = scorerNames.contains("minilm") ? try ThresholdEncoders.miniLM() : nil
        var sets: [PairSet] = []
        for file in files {
            let set = try spec.map { spec throws(InputError) in try PairFileReader.read(file, spec: spec) }
                ?? PairFileReader.readDetectingPreset(file)
            sets.append(miniLM.map { set.droppingUnreadable($0, limit: maxUnreadableShare) } ?? set)
        }
        return try await PairBenchmarkReport.run(title: title, sets: sets, threshold: threshold, progress: progress) { set in
            try scorerNames.map { try ThresholdEncoders.scorer(named: $0, for: set, miniLM: miniLM) }
        }
    }
}
