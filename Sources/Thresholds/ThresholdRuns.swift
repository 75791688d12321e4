import CommandLineSupport
import Embedding
import FieldScoring
import Foundation
import Judging
import LinearAlgebra
import PersonaKit

/// Defaults shared by the threshold tools.
public enum ThresholdDefaults {
    /// The τ the generator's semantic gate uses by default (chosen from the development sets,
    /// see Benchmarks/THRESHOLDS.md).
    public static let gate = MiniLMEncoder.defaultDuplicateThreshold
    /// The field-aware score's decision threshold p* (chosen on the persona-pair dev split).
    public static let fieldsProbability = FieldScoreModel.fitted.decisionThreshold
    /// Sweep start.
    public static let from = 0.70
    /// Sweep end (inclusive).
    public static let through = 0.99
    /// Sweep step.
    public static let step = 0.01
}

/// The similarity backends the threshold tools can use, by name.
public enum ThresholdEncoders {
    /// A pair scorer `--scorers` names; ``fields`` needs persona pairs.
    public enum Scorer: String, Sendable, CaseIterable {
        /// MiniLM's cosine of the two texts.
        case minilm
        /// The cosine of hashed character n-gram vectors, fitted on the set's texts (a lexical baseline).
        case hashedNGrams = "hashed-ngrams"
        /// The Jaccard overlap of the two texts' words.
        case jaccard
        /// The field-aware duplicate probability of persona pairs (``FieldsPairScorer``).
        case fields
    }

    /// An encoder `--encoder` names, for the dataset sweep.
    public enum SweepEncoder: String, Sendable, CaseIterable {
        /// MiniLM, the generator's encoder (the default).
        case minilm
        /// Hashed character n-grams, fitted on the dataset's texts.
        case hashedNGrams = "hashed-ngrams"
    }

    /// The scorers compared by default for each `--score`: the cosine gate with its lexical
    /// baselines, or the field-aware score beside the cosine gate and word Jaccard.
    public static func defaultScorers(for score: GateScore) -> [Scorer] {
        switch score {
        case .cosine: [.minilm, .hashedNGrams, .jaccard]
        case .fields: [.minilm, .fields, .jaccard]
        }
    }

    /// The sweep's default encoder: the generator's.
    public static let defaultEncoder = SweepEncoder.minilm

    /// The MiniLM encoder from the usual model directory (`PERSONABANK_MODEL_DIR`,
    /// `./models/all-MiniLM-L6-v2`, …); the error names the set-up command when weights are missing.
    public static func miniLM() throws -> MiniLMEncoder {
        try MiniLMEncoder(modelDirectory: MiniLMEncoder.locateModelDirectory())
    }

    /// The text encoder for a dataset sweep, fitted (for hashed n-grams) on the dataset's texts.
    public static func encoder(_ encoder: SweepEncoder, corpus: [String]) throws -> any TextEncoder {
        switch encoder {
        case .minilm: try miniLM()
        case .hashedNGrams: HashedNGramEncoder().fit(corpus)
        }
    }

    /// The pair scorer for one labelled set.
    /// - Parameter miniLM: the loaded MiniLM encoder, required for ``Scorer/minilm`` and ``Scorer/fields`` (loaded once per run).
    public static func scorer(_ scorer: Scorer, for set: PairSet, miniLM: MiniLMEncoder?,
                              template: PersonaTextTemplate = .default) -> any PairScorer {
        switch scorer {
        case .minilm:
            guard let miniLM else { preconditionFailure("the MiniLM encoder is loaded before scoring") }
            return EncoderPairScorer(name: scorer.rawValue, encoder: miniLM)
        case .fields:
            guard let miniLM else { preconditionFailure("the MiniLM encoder is loaded before scoring") }
            return FieldsPairScorer(scorer: FieldScorer(encoder: miniLM, template: template))
        case .hashedNGrams: return EncoderPairScorer.hashedNGrams(fittedOn: set.pairs.map { ($0.first, $0.second) })
        case .jaccard: return WordJaccardScorer()
        }
    }
}

/// Reads a dataset for the sweep.
public enum SweepInput {
    /// How records with any fields are read: their text from a template, their name and their own id.
    public struct RecordFields: Sendable {
        /// `--text-template`.
        public var textTemplate: RecordTemplate?
        /// `--name-field`.
        public var nameField: String?
        /// `--id-field`.
        public var idField: String?

        /// Creates the settings (none by default: personas or the format's text).
        public init(textTemplate: RecordTemplate? = nil, nameField: String? = nil, idField: String? = nil) {
            self.textTemplate = textTemplate
            self.nameField = nameField
            self.idField = idField
        }
    }

    /// The records of a dataset file through PersonaKit's `DatasetReader` (persona JSONL or
    /// JSON array, plain text lines, a CSV column, a JSONL text field, Parquet personas or a
    /// Parquet string column). Personas are not
    /// validated against the card's rules: the sweep only needs their text.
    /// - Returns: the items and the reader's summary (skipped records in `.skip` mode).
    /// - Throws: `InputError` naming file, line and field (strict mode, or an unreadable file).
    /// - Parameters:
    ///   - records: `--text-template`, `--name-field` and `--id-field` for records with any fields.
    public static func read(_ url: URL, format: InputFormat, mode: ErrorMode, template: PersonaTextTemplate = .default,
                            records: RecordFields = RecordFields()) throws -> (items: [SweepItem], summary: ReadSummary) {
        var items: [SweepItem] = []
        var reader = DatasetReader(url: url, format: format, mode: mode, rules: nil, template: template)
        reader.textTemplate = records.textTemplate
        reader.nameField = records.nameField
        reader.idField = records.idField
        let summary = try reader.read { record in
            items.append(SweepItem(line: record.line, text: record.text, persona: record.persona, id: record.id))
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
    public static func sweep(items: [SweepItem], source: String, encoder encoderName: ThresholdEncoders.SweepEncoder, grid: [Float], threshold: Float,
                             keep: Int?, examplesPerBand: Int,
                             maxUnreadableShare: Double = TextReadability.defaultMaxUnreadableShare) async throws -> DatasetSweepReport {
        let encoder = try ThresholdEncoders.encoder(encoderName, corpus: items.map(\.text))
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
    /// with every scorer of `scorers`.
    ///
    /// When MiniLM is among the scorers (or "fields", which embeds with it), pairs with a side above
    /// `maxUnreadableShare` unreadable pieces are moved to the dropped pairs (counted and summarised
    /// per set), so every scorer sees the same pairs. Each scorer is reported at its own fixed
    /// threshold: "fields" at ``ThresholdDefaults/fieldsProbability`` (p*), the others at `threshold`.
    /// - Throws: ``PersonaPairsNeeded`` for ``ThresholdEncoders/Scorer/fields`` on a file without persona pairs
    ///   (before the model is loaded); `InputError` for unreadable files.
    public static func pairs(files: [URL], spec: PairFileSpec?, scorers: [ThresholdEncoders.Scorer], threshold: Double?,
                             title: String, maxUnreadableShare: Double = TextReadability.defaultMaxUnreadableShare,
                             template: PersonaTextTemplate = .default, progress: ProgressReporter? = nil) async throws -> PairBenchmarkReport {
        var sets: [PairSet] = []
        for file in files {
            let set = try spec.map { spec throws(InputError) in try PairFileReader.read(file, spec: spec, template: template) }
                ?? PairFileReader.readDetectingPreset(file, template: template)
            if scorers.contains(.fields), !set.hasPersonas { throw PersonaPairsNeeded(set: set.name, by: .fieldsScore) }
            sets.append(set)
        }
        let needsMiniLM = scorers.contains(.minilm) || scorers.contains(.fields)
        let miniLM = needsMiniLM ? try ThresholdEncoders.miniLM() : nil
        if let miniLM { sets = sets.map { $0.droppingUnreadable(miniLM, limit: maxUnreadableShare) } }
        return try await PairBenchmarkReport.run(
            title: title, sets: sets, threshold: threshold, progress: progress,
            scorers: { set in scorers.map { ThresholdEncoders.scorer($0, for: set, miniLM: miniLM, template: template) } },
            thresholdFor: { $0 == ThresholdEncoders.Scorer.fields.rawValue ? ThresholdDefaults.fieldsProbability : threshold })
    }

    /// Whether every file of `files` holds persona pairs (so the field-aware score applies).
    /// - Throws: `InputError` for an unreadable file.
    public static func holdPersonaPairs(files: [URL], spec: PairFileSpec?) throws -> Bool {
        try files.allSatisfy { file in
            try (spec.map { spec throws(InputError) in try PairFileReader.read(file, spec: spec) } ?? PairFileReader.readDetectingPreset(file)).hasPersonas
        }
    }

    /// Scores every persona pair of `files` with the first stage of `score` and sends the in-band pairs
    /// (all with `judgeAll`) to `judge`, one set after another.
    ///
    /// Pairs with a side MiniLM cannot read are dropped first, as in ``pairs(files:spec:scorers:threshold:title:maxUnreadableShare:template:progress:)``.
    /// - Parameter threshold: the cosine's τ (the fields score uses p*).
    /// - Throws: ``PersonaPairsNeeded`` for a file without persona pairs; `InputError` for unreadable files.
    public static func judged(files: [URL], spec: PairFileSpec?, score: GateScore, threshold: Double, band: JudgeBand, judgeAll: Bool,
                              judge: PersonaJudge, maxUnreadableShare: Double = TextReadability.defaultMaxUnreadableShare,
                              template: PersonaTextTemplate = .default) async throws -> [JudgeEvaluation] {
        let miniLM = try ThresholdEncoders.miniLM()
        var evaluations: [JudgeEvaluation] = []
        for file in files {
            var set = try spec.map { spec throws(InputError) in try PairFileReader.read(file, spec: spec, template: template) }
                ?? PairFileReader.readDetectingPreset(file, template: template)
            guard set.hasPersonas else { throw PersonaPairsNeeded(set: set.name, by: .judge) }
            set = set.droppingUnreadable(miniLM, limit: maxUnreadableShare)
            let scorer = ThresholdEncoders.scorer(score == .fields ? .fields : .minilm, for: set, miniLM: miniLM, template: template)
            let scores = Array(try await scorer.scores(of: set).prefix(set.pairs.count))
            evaluations.append(try await PairJudging.evaluate(set, scores: scores, scoreName: score.rawValue,
                                                              threshold: score == .fields ? ThresholdDefaults.fieldsProbability : threshold,
                                                              band: band, judgeAll: judgeAll, judge: judge))
        }
        return evaluations
    }
}
