import Analysis
import Embedding
import LinearAlgebra
import PersonaKit

/// A split made: the split of every item and the report.
public struct SplitResult: Sendable {
    /// Split of each item (index into ``PublishedFiles/splits``).
    public var assignment: [Int]
    /// The random baseline's split of each item (reported, not written).
    public var randomAssignment: [Int]
    /// The unit (near-duplicate group, merged by held-out value) of each item.
    public var groupOf: [Int]
    /// The trope cluster of each item (-1 for texts the model cannot read, or without clusters).
    public var clusters: [Int]
    /// The figures.
    public var report: SplitReport
}

/// Makes a leakage-free split: embeddings → near-duplicate groups → stratified group assignment → leakage report.
public enum DatasetSplitter {
    /// Splits `input`.
    /// - Parameters:
    ///   - input: the items and their records.
    ///   - encoder: used when the dataset has no stored embeddings.
    ///   - readability: measures how much of each text the model reads; when nil, the encoder if it
    ///     conforms; when neither, every text counts as readable (and a note says so).
    ///   - settings: ratios, τ, seed, hold-out, clusters, unreadable limit.
    ///   - progress: stage callbacks (`embedding`, `groups`, `clusters`, `leakage`).
    /// - Throws: `InputError` when the hold-out field is nowhere in the data; `AuditError` without
    ///   embeddings or encoder; the encoder's errors.
    /// - Complexity: one self-join and two nearest-train searches, O(n²·d) (BLAS, tiled); memory O(n·d + pairs).
    public static func split(_ input: SplitInput, encoder: (any TextEncoder)?, readability: (any ReadabilityMeasuring)? = nil,
                             settings: SplitSettings, progress: AuditProgress = { _, _, _ in }) async throws -> SplitResult {
        let dataset = input.dataset, n = input.count
        guard n >= 2 else { throw AuditError.tooFewItems(n) }
        var notes = [String]()

        var embeddings: Matrix
        let encoderName: String
        if let stored = dataset.storedEmbeddings, stored.rows == n {
            embeddings = stored
            encoderName = "stored embeddings"
        } else {
            guard let encoder else { throw AuditError.noEncoder }
            embeddings = try await Auditor.embed(dataset.texts, encoder: encoder, progress: progress)
            encoderName = encoder.identifier
        }
        Vectors.normalizeRows(&embeddings)

        progress("readability", 0, nil)
        let unreadable = UnreadableAnalysis.report(dataset: dataset, measure: readability ?? encoder as? any ReadabilityMeasuring,
                                                   limit: settings.maxUnreadableShare)
        let readable = unreadable.readable
        var isReadable = [Bool](repeating: false, count: n)
        for item in readable { isReadable[item] = true }
        if unreadable.report == nil {
            notes.append("Readability was not measured (no MiniLM vocabulary): texts in scripts MiniLM cannot read may form false groups.")
        } else if readable.count < n {
            notes.append("\(n - readable.count) texts have more than \(percent(settings.maxUnreadableShare)) of their characters unreadable to the model "
                + "(--max-unreadable): each is its own group (their embeddings say nothing about their content) and they are left out of the leakage figures.")
        }

        progress("clusters", 0, nil)
        let clustering = cluster(embeddings.selecting(rows: readable), settings: settings)
        var clusterOf = [String?](repeating: nil, count: n)
        if let clustering { for (k, item) in readable.enumerated() { clusterOf[item] = "cluster \(clustering.labels[k])" } }
        var strata = [StratumVariable]()
        let professions = input.professions, ages = input.ages
        if professions.contains(where: { $0 != nil }) { strata.append(StratumVariable(name: "profession", categories: professions)) }
        if ages.contains(where: { $0 != nil }) { strata.append(StratumVariable(name: "age band", categories: ages.map { $0.map(StratumVariable.ageBand) })) }
        strata.append(StratumVariable(name: "trope cluster", categories: (0 ..< n).map { clusterOf[$0] ?? (isReadable[$0] ? nil : "unreadable") }))

        var heldValues: [String?]?
        switch settings.holdOut {
        case nil: break
        case .cluster?: heldValues = clusterOf
        case .profession?: heldValues = professions
        case let .field(name)?: heldValues = input.values(of: name)
        }
        if let heldValues, !heldValues.contains(where: { $0 != nil }) {
            throw InputError(file: dataset.source, line: nil, field: settings.holdOut?.description,
                             message: "no item has a value to hold out by (--hold-out-by needs a top-level string field, `profession` or `cluster`)")
        }

        progress("groups", 0, nil)
        let groups = NearDuplicateGroups(embeddings: embeddings, readable: readable, threshold: settings.threshold - SplitSettings.joinMargin)
        let units = heldValues.map { HoldOutUnits(groups: groups.groups, values: $0) }
        let assignment = SplitPlanner.plan(groups: groups.groups, count: n, ratios: settings.ratios, strata: strata,
                                           holdOut: units, seed: settings.seed)
        let randomAssignment = SplitPlanner.random(count: n, ratios: settings.ratios, seed: settings.seed ^ 0x5A17_0000_0000_0001)

        progress("leakage", 0, nil)
        func outcome(_ split: [Int]) throws -> SplitReport.Outcome {
            var sizes = [Int](repeating: 0, count: settings.ratios.count)
            for s in split { sizes[s] += 1 }
            return SplitReport.Outcome(
                sizes: sizes,
                leakage: try LeakageReport.measure(embeddings: embeddings, assignment: split, readable: isReadable, threshold: settings.threshold),
                stratification: StratificationReport.measure(strata: strata, assignment: split, splitNames: PublishedFiles.splits))
        }
        var heldOut: SplitReport.HeldOut?
        if let heldValues, let by = settings.holdOut {
            let distinct = Set(heldValues.compactMap { $0 })
            let inTest = Set(heldValues.indices.filter { assignment[$0] == 2 }.compactMap { heldValues[$0] })
            heldOut = SplitReport.HeldOut(by: by.description, values: distinct.count, valuesInTest: inTest.count,
                                          itemsWithoutValue: heldValues.filter { $0 == nil }.count,
                                          units: units?.holdable.filter { $0 }.count ?? 0)
            if inTest.isEmpty {
                notes.append("No whole value of \(by) fits the test split (at most twice its target size): near-duplicates across values tie "
                    + "the values into \(units?.holdable.filter { $0 }.count ?? 0) unit(s). Test is empty; choose more clusters or another field.")
            }
        }
        if clustering == nil { notes.append("Fewer than 2 readable items: no trope clusters.") }
        let report = SplitReport(
            input: .init(source: dataset.source, format: dataset.format, items: n, skippedRecords: dataset.skippedRecords, encoder: encoderName,
                         unreadable: n - readable.count, readabilityMeasured: unreadable.report != nil),
            settings: .init(ratios: settings.ratios, threshold: Double(settings.threshold), joinMargin: Double(SplitSettings.joinMargin),
                            seed: settings.seed, holdOutBy: settings.holdOut?.description, clusters: clustering?.k, clustersChosenBy: clustering?.chosenBy,
                            maxUnreadable: settings.maxUnreadableShare),
            groups: .init(pairs: groups.pairCount, duplicateGroups: groups.duplicateGroupCount, itemsInDuplicateGroups: groups.itemsInDuplicateGroups,
                          largestDuplicateGroup: groups.largestDuplicateGroup, groups: groups.groups.count),
            heldOut: heldOut, groupAware: try outcome(assignment), random: try outcome(randomAssignment), notes: notes)
        var clusters = [Int](repeating: -1, count: n)
        if let clustering { for (k, item) in readable.enumerated() { clusters[item] = clustering.labels[k] } }
        return SplitResult(assignment: assignment, randomAssignment: randomAssignment, groupOf: groups.groupOf, clusters: clusters, report: report)
    }

    /// k-means trope clusters of the readable rows, k fixed or chosen by silhouette as the audit chooses it; nil under 2 rows.
    static func cluster(_ points: Matrix, settings: SplitSettings) -> (labels: [Int], k: Int, chosenBy: String)? {
        let m = points.rows
        guard m >= 2 else { return nil }
        let k: Int, chosenBy: String
        if let fixed = settings.clusters {
            k = min(max(fixed, 1), m)
            chosenBy = "--clusters"
        } else {
            let defaults = AuditOptions().clusterRange
            let upper = min(defaults.upperBound, max(2, m / 5)), lower = min(defaults.lowerBound, upper)
            k = min(ClusterCountSelection.choose(points, range: lower ... upper, sampleSize: 2000, seed: settings.seed).k, m)
            chosenBy = "silhouette on a sample of \(min(2000, m)) over k = \(lower)…\(upper)"
        }
        return (KMeans.fit(points, k: k, seed: settings.seed, restarts: m > 20_000 ? 1 : 3).labels, k, chosenBy)
    }

    static func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }
}
