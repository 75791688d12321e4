import CommandLineSupport
import Embedding
import Foundation
import LinearAlgebra
import PersonaKit
import TextMetrics

/// Per-item results behind the report (for `notebooks-data/` and the charts).
public struct AuditItems: Sendable {
    /// Unit-length embeddings, n × d, in item order.
    public var embeddings: Matrix
    /// Trope cluster per item.
    public var clusters: [Int]
    /// Nearest other item (`-1` when alone).
    public var nearest: [Int]
    /// Similarity to ``nearest`` (`-∞` when alone).
    public var nearestScore: [Float]
    /// Drift window per item.
    public var windows: [Int]
    /// 2-D PCA coordinates (n × 2).
    public var map: Matrix
    /// Near-duplicate cluster per item at τ (`-1` when in none).
    public var nearDuplicateCluster: [Int]
    /// How much of each text the model can read, when measured (see ``UnreadableAnalysis``).
    public var readability: [TextReadability]?
}

/// The outcome of an audit: the report plus the per-item arrays.
public struct AuditResult: Sendable {
    /// Every number, as written to report.json.
    public var report: AuditReport
    /// Per-item arrays (an item above the unreadable limit has trope cluster, near-duplicate
    /// cluster, nearest item and drift window `-1`: the embedding-based sections leave it out).
    public var items: AuditItems
    /// The audited items.
    public var dataset: AuditDataset
}

/// Runs every analysis of `spb-analyze audit` over a dataset.
public enum Auditor {
    /// Embeds (or reuses stored embeddings) and computes the whole report.
    /// - Parameters:
    ///   - dataset: the items in generation order.
    ///   - encoder: used when the dataset carries no stored embeddings.
    ///   - readability: measures how much of each text the model reads; when nil, the encoder if it
    ///     conforms; when neither, every item counts as readable (and a note says so).
    ///   - options: thresholds, cluster count, window, seed, unreadable limit.
    ///   - progress: stage callbacks.
    /// - Complexity: below ``AuditOptions/exactBelow`` items, dominated by one O(n²·d/2) similarity pass; past it (with a
    ///   ``AuditOptions/pairSearch``), the search plus O(s·n·d) for the s sampled rows; memory O(n·d).
    public static func run(dataset: AuditDataset, encoder: (any TextEncoder)?, readability: (any ReadabilityMeasuring)? = nil,
                           options: AuditOptions, progress: AuditProgress = { _, _, _ in }) async throws -> AuditResult {
        let n = dataset.count
        guard n >= 2 else { throw AuditError.tooFewItems(n) }
        var notes = [String]()

        // 1. Embeddings.
        var embeddings: Matrix
        var reused = false
        if let stored = dataset.storedEmbeddings, stored.rows == n {
            embeddings = stored
            reused = true
        } else {
            if let note = dataset.storedEmbeddingsNote { notes.append(note) }
            guard let encoder else { throw AuditError.noEncoder }
            if let stored = dataset.storedEmbeddings {
                notes.append("Stored embeddings have \(stored.rows) rows for \(n) personas; re-embedded with \(encoder.identifier).")
            }
            embeddings = try await embed(dataset.texts, encoder: encoder, progress: progress)
        }
        Vectors.normalizeRowsIfNeeded(&embeddings)
        let d = embeddings.columns

        // 2. Texts the model cannot read are set apart: every embedding-based section sees the readable items only.
        progress("readability", 0, nil)
        let unreadable = UnreadableAnalysis.report(dataset: dataset, measure: readability ?? encoder as? any ReadabilityMeasuring,
                                                   limit: options.maxUnreadableShare)
        let readable = unreadable.readable
        guard readable.count >= 2 else { throw AuditError.tooFewReadable(readable.count, limit: options.maxUnreadableShare) }
        let semantic = readable.count == n ? dataset : dataset.selecting(readable)
        let semanticEmbeddings = readable.count == n ? embeddings : embeddings.selecting(rows: readable)
        let m = readable.count
        if let section = unreadable.report, section.count > 0 {
            notes.append("\(section.count) of \(n) items have more than \(Format.percent(section.limit)) of their characters unreadable to the model "
                + "(--max-unreadable): they are listed in their own section and left out of near-duplicates, diversity, trope clusters, drift and the map's axes.")
        } else if unreadable.report == nil {
            notes.append("Readability was not measured (no MiniLM vocabulary): texts in scripts MiniLM cannot read would cluster together.")
        }

        // 3. One pass over all pairs; past the exact size, a pair search that measures its recall and a seeded sample.
        let tau = options.threshold
        let edges = Array(Set(options.curveThresholds + [tau])).sorted()
        let scan: NeighborScan
        var search: (method: String, recall: SearchRecall)?
        if m >= options.exactBelow, let pairSearch = options.pairSearch {
            progress("pair search", 0, nil)
            let found = try pairSearch.find(semanticEmbeddings, tau, options.seed)
            search = (pairSearch.method, found.recall)
            let sample = min(options.neighbourSample, m)
            progress("similarities", 0, sample)
            scan = NeighborScan(sampling: semanticEmbeddings, sampleSize: sample, seed: options.seed ^ 0x4E45_4947, pairs: found.pairs,
                                pairThreshold: tau, histogramEdges: edges) { progress("similarities", $0, sample) }
            notes.append("\(m) items are past --exact-below \(options.exactBelow): the near-duplicate pairs come from a search that measured its recall "
                + String(format: "at %.4f (95 %% %.3f-%.3f)", found.recall.recall, found.recall.lower95, found.recall.upper95)
                + ", and the nearest-neighbour figures and novelty from \(sample) sampled rows (see the accuracy table).")
        } else {
            if m >= options.exactBelow {
                notes.append("\(m) items were compared pair by pair (this command has no partitioned search): every figure is exact, but the pass is quadratic in time.")
            }
            progress("similarities", 0, m)
            scan = NeighborScan(semanticEmbeddings, pairThreshold: tau, histogramEdges: edges) { progress("similarities", $0, m) }
        }

        // 4. Sections.
        progress("diversity", 0, nil)
        let moment = SecondMoment(semanticEmbeddings)
        let tokenized = NumberedWords.of(semantic.texts)
        let nearDuplicates = NearDuplicates.report(scan: scan, threshold: tau, dataset: semantic)
        let diversity = try DiversityAnalysis.report(dataset: semantic, embeddings: semanticEmbeddings, moment: moment, scan: scan,
                                                     tokenized: tokenized, components: (options.components ?? dataset.run?.components)?.components)
        progress("clusters", 0, nil)
        let tropes = TropeAnalysis.report(dataset: semantic, embeddings: semanticEmbeddings, tokenized: tokenized, options: options)
        progress("drift", 0, nil)
        let window = options.window(for: m)
        let anchoring = DriftAnalysis.anchoring(semanticEmbeddings, seed: options.seed)
        let drift = try DriftAnalysis.report(embeddings: semanticEmbeddings, tokenized: tokenized, nearestEarlierScore: scan.nearestEarlierScore,
                                             anchoring: anchoring, threshold: tau, windowSize: window, run: semantic.run)
        if dataset.personas == nil {
            notes.append("The content rules (placeholder backgrounds, sentence-traits, prompt echoes …) read the card's persona fields: this input is text, so none ran.")
        }
        progress("fit", 0, nil)
        var fit: FitReport?
        if let file = options.components ?? dataset.run?.components {
            fit = FitAnalysis.report(dataset: dataset, file: file)
        } else if options.fitFields.isEmpty {
            notes.append("No component file (--components, or a run directory's manifest) and no --fit-field: the fit section is left out.")
        }
        if !options.fitFields.isEmpty {
            let fields = FitAnalysis.fields(options.fitFields, of: dataset, components: options.components ?? dataset.run?.components)
            for field in fields where field.items == 0 { notes.append("No item has the --fit-field field \"\(field.field)\".") }
            if fit == nil {
                fit = FitReport(source: "the --fit-field fields as written", componentsFile: nil, components: [],
                                agesOutsideProfessionRange: nil, ageExamples: [])
            }
            fit?.fields = fields
        }
        var steering: SteeringReport?
        if let run = semantic.run, let log = run.steering {
            progress("steering", 0, nil)
            steering = try await SteeringAnalysis.report(log: log, acceptedAttempts: run.acceptedAttempts, embeddings: semanticEmbeddings, encoder: encoder,
                                                         sameEncoder: !reused || log.encoderIdentifier == encoder?.identifier,
                                                         template: dataset.textTemplate)
            if encoder == nil || steering?.curve.contains(where: { $0.vendiWithRejects != nil }) == false, !log.rejects.isEmpty {
                notes.append("Steering's rejections were not embedded (no encoder, or not the encoder of the stored embeddings): the steering curve shows the accepted personas only.")
            }
        }
        progress("validity", 0, nil)
        let validity = ValidityAnalysis.report(dataset: dataset, content: options.contentChecker(for: dataset))
        let voice = VoiceAnalysis.report(dataset: dataset)
        progress("map", 0, nil)
        let pca = try PrincipalComponents(moment: moment, count: 2)
        let map = pca.project(embeddings)

        // Per-item arrays over all items; `readable[k]` is the item behind row k of the sections above.
        var windows = [Int](repeating: -1, count: n)
        for item in drift.windows { for k in item.start ..< item.end { windows[readable[k]] = item.index } }
        var duplicateCluster = [Int](repeating: -1, count: n)
        for (index, members) in nearDuplicates.components.enumerated() { for k in members { duplicateCluster[readable[k]] = index } }
        var clusters = [Int](repeating: -1, count: n), nearest = [Int](repeating: -1, count: n)
        var nearestScore = [Float](repeating: -.infinity, count: n)
        let accuracy = FigureAccuracy.audit(scan: scan, search: search, items: m, clusterFitSample: tropes.fitSample,
                                            silhouetteSample: options.clusters == nil ? min(ClusterCountSelection.defaultSampleSize, m) : nil,
                                            phraseSample: options.phraseSample, drift: drift)
        for (k, item) in readable.enumerated() {
            clusters[item] = tropes.labels[k]
            nearest[item] = scan.nearest[k] >= 0 ? readable[scan.nearest[k]] : -1
            nearestScore[item] = scan.nearestScore[k]
        }

        let report = AuditReport(
            input: InputSummary(source: dataset.source, format: dataset.format, count: n, skippedRecords: dataset.skippedRecords,
                                personas: dataset.personas != nil, runDirectory: dataset.run != nil,
                                encoder: reused ? "stored embeddings" : (encoder?.identifier ?? "?"), dimension: d, embeddingsReused: reused,
                                embeddingsSource: reused ? dataset.storedEmbeddingsSource ?? "stored embeddings" : "embedded with \(encoder?.identifier ?? "?")"),
            validity: validity, voice: voice, unreadable: unreadable.report,
            nearDuplicates: nearDuplicates.report, diversity: diversity, tropes: tropes.report, drift: drift, fit: fit,
            steering: steering, pcaExplainedVarianceRatio: pca.explainedVarianceRatio, notes: notes + tropes.notes, accuracy: accuracy,
            peakResidentBytes: PeakResidentMemory.bytes())
        let items = AuditItems(embeddings: embeddings, clusters: clusters, nearest: nearest, nearestScore: nearestScore,
                               windows: windows, map: map, nearDuplicateCluster: duplicateCluster, readability: unreadable.measurements)
        return AuditResult(report: report, items: items, dataset: dataset)
    }

    /// Encodes in batches, reporting progress (stage `embedding`); also used by `spb-analyze split`.
    /// - Throws: the encoder's errors, or ``AuditError/encoderShape(_:_:)`` for a wrongly shaped batch.
    public static func embed(_ texts: [String], encoder: any TextEncoder, progress: AuditProgress, batch: Int = 256) async throws -> Matrix {
        var result = Matrix(rows: 0, columns: encoder.dimension)
        result.reserveCapacity(rows: texts.count)
        var start = 0
        progress("embedding", 0, texts.count)
        while start < texts.count {
            let end = min(start + batch, texts.count)
            let part = try await encoder.encode(Array(texts[start ..< end]))
            guard part.rows == end - start, part.columns == encoder.dimension else { throw AuditError.encoderShape(part.rows, part.columns) }
            result.append(rowsOf: part)
            start = end
            progress("embedding", start, texts.count)
        }
        return result
    }
}

/// Why an audit cannot run.
public enum AuditError: Error, CustomStringConvertible {
    /// Fewer than two items.
    case tooFewItems(Int)
    /// No stored embeddings and no encoder.
    case noEncoder
    /// The encoder returned rows × columns of the wrong shape.
    case encoderShape(Int, Int)
    /// Fewer than two items at or below the unreadable limit.
    case tooFewReadable(Int, limit: Double)

    public var description: String {
        switch self {
        case let .tooFewItems(n): "an audit needs at least 2 items, the input has \(n)"
        case .noEncoder: "no stored embeddings and no encoder to compute them"
        case let .encoderShape(rows, columns): "the encoder returned a \(rows)×\(columns) matrix of the wrong shape"
        case let .tooFewReadable(count, limit):
            "an audit needs at least 2 texts the model can read, the input has \(count) (--max-unreadable \(limit) sets the limit on the share of unreadable characters)"
        }
    }
}
