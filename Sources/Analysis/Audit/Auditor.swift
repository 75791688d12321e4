import Embedding
import Foundation
import LinearAlgebra
import PersonaKit

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
}

/// The outcome of an audit: the report plus the per-item arrays.
public struct AuditResult: Sendable {
    /// Every number, as written to report.json.
    public var report: AuditReport
    /// Per-item arrays.
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
    ///   - options: thresholds, cluster count, window, seed.
    ///   - progress: stage callbacks.
    /// - Complexity: dominated by one O(n²·d/2) similarity pass; memory O(n·d).
    public static func run(dataset: AuditDataset, encoder: (any TextEncoder)?, options: AuditOptions,
                           progress: AuditProgress = { _, _, _ in }) async throws -> AuditResult {
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
            guard let encoder else { throw AuditError.noEncoder }
            if let stored = dataset.storedEmbeddings {
                notes.append("Stored embeddings have \(stored.rows) rows for \(n) personas; re-embedded with \(encoder.identifier).")
            }
            embeddings = try await embed(dataset.texts, encoder: encoder, progress: progress)
        }
        Vectors.normalizeRows(&embeddings)
        let d = embeddings.columns

        // 2. One pass over all pairs.
        let tau = options.threshold
        let edges = Array(Set(options.curveThresholds + [tau])).sorted()
        progress("similarities", 0, n)
        let scan = NeighborScan(embeddings, pairThreshold: tau, histogramEdges: edges) { progress("similarities", $0, n) }

        // 3. Sections.
        progress("diversity", 0, nil)
        let moment = SecondMoment(embeddings)
        let tokenized = dataset.texts.map(Lexical.words)
        let nearDuplicates = NearDuplicates.report(scan: scan, threshold: tau, dataset: dataset)
        let diversity = try DiversityAnalysis.report(dataset: dataset, embeddings: embeddings, moment: moment, scan: scan,
                                                     tokenized: tokenized, components: options.components ?? dataset.run?.components)
        progress("clusters", 0, nil)
        let tropes = TropeAnalysis.report(dataset: dataset, embeddings: embeddings, tokenized: tokenized, options: options)
        progress("drift", 0, nil)
        let window = options.window(for: n)
        let anchoring = DriftAnalysis.anchoring(embeddings, seed: options.seed)
        let drift = try DriftAnalysis.report(embeddings: embeddings, tokenized: tokenized, nearestEarlierScore: scan.nearestEarlierScore,
                                             anchoring: anchoring, threshold: tau, windowSize: window, run: dataset.run)
        var fit: FitReport?
        if let table = options.components ?? dataset.run?.components {
            fit = FitAnalysis.report(dataset: dataset, table: table)
        } else {
            notes.append("No component file (--components, or a run directory's manifest): the fit section is left out.")
        }
        let pca = try PrincipalComponents(moment: moment, count: 2)
        let map = pca.project(embeddings)

        var windows = [Int](repeating: 0, count: n)
        for item in drift.windows { for i in item.start ..< item.end { windows[i] = item.index } }
        var duplicateCluster = [Int](repeating: -1, count: n)
        for (index, members) in nearDuplicates.components.enumerated() { for m in members { duplicateCluster[m] = index } }

        let report = AuditReport(
            input: InputSummary(source: dataset.source, format: dataset.format, count: n, skippedRecords: dataset.skippedRecords,
                                personas: dataset.personas != nil, runDirectory: dataset.run != nil,
                                encoder: reused ? "stored embeddings" : (encoder?.identifier ?? "?"), dimension: d, embeddingsReused: reused),
            validity: ValidityAnalysis.report(dataset: dataset),
            nearDuplicates: nearDuplicates.report, diversity: diversity, tropes: tropes.report, drift: drift, fit: fit,
            pcaExplainedVarianceRatio: pca.explainedVarianceRatio, notes: notes + tropes.notes)
        let items = AuditItems(embeddings: embeddings, clusters: tropes.labels, nearest: scan.nearest, nearestScore: scan.nearestScore,
                               windows: windows, map: map, nearDuplicateCluster: duplicateCluster)
        return AuditResult(report: report, items: items, dataset: dataset)
    }

    /// Encodes in batches, reporting progress.
    static func embed(_ texts: [String], encoder: any TextEncoder, progress: AuditProgress, batch: Int = 256) async throws -> Matrix {
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

    public var description: String {
        switch self {
        case let .tooFewItems(n): "an audit needs at least 2 items, the input has \(n)"
        case .noEncoder: "no stored embeddings and no encoder to compute them"
        case let .encoderShape(rows, columns): "the encoder returned a \(rows)×\(columns) matrix of the wrong shape"
        }
    }
}
