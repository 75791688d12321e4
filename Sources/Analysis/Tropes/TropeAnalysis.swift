import LinearAlgebra
import TextMetrics

/// The trope section: k-means clusters with labels, exemplars and cohesion, plus phrase templates.
public enum TropeAnalysis {
    /// The section, cluster labels per item, and notes.
    public struct Outcome: Sendable {
        public var report: TropeReport
        public var labels: [Int]
        public var notes: [String]
        /// Rows the centroids were fitted on, when a sample (past the exact size); nil when every row.
        public var fitSample: Int? = nil
    }

    /// Clusters unit-length embeddings and describes each cluster.
    /// - Complexity: O(iterations · n·k·d) for k-means, O(|range| · s²·d) for the silhouette choice on s samples.
    public static func report(dataset: AuditDataset, embeddings: Matrix, tokenized: NumberedWords, options: AuditOptions) -> Outcome {
        let n = embeddings.rows
        var notes = [String]()
        let k: Int
        var silhouettes = [String: Double]()
        var chosenBy = "--clusters"
        if let fixed = options.clusters {
            k = min(max(fixed, 1), n)
        } else {
            let upper = min(options.clusterRange.upperBound, max(2, n / 5))
            let lower = min(options.clusterRange.lowerBound, upper)
            let choice = ClusterCountSelection.choose(embeddings, range: lower ... upper, seed: options.seed)
            k = min(choice.k, n)
            silhouettes = Dictionary(uniqueKeysWithValues: choice.scores.map { (String($0.key), $0.value) })
            chosenBy = "silhouette on a sample of \(min(ClusterCountSelection.defaultSampleSize, n)) over k = \(lower)…\(upper)"
        }
        // Past the exact size the centroids are fitted on a seeded sample and every item assigned once, and the
        // cluster terms come from the same sample (the accuracy table says so).
        var sampler = SeededGenerator(seed: options.seed ^ 0x4B4D)
        let fitRows = n >= options.exactBelow && options.clusterFitSample < n ? sampler.sample(options.clusterFitSample, from: n) : nil
        let result: KMeansResult
        if let fitRows {
            let fitted = KMeans.fit(embeddings.selecting(rows: fitRows), k: k, seed: options.seed, restarts: 1)
            result = KMeans.assigning(embeddings, to: fitted.centroids)
            notes.append("Trope clusters: centroids fitted on a seeded sample of \(fitRows.count) of \(n) items, then every item assigned to the nearest; "
                + "the cluster terms come from the same sample.")
        } else {
            result = KMeans.fit(embeddings, k: k, seed: options.seed, restarts: n > 20_000 ? 1 : 3)
        }
        let termRows = fitRows ?? Array(0 ..< n)
        let background = { (index: Int) in dataset.personas.map { dataset.textTemplate.nameBlind($0[index]).background } ?? dataset.texts[index] }
        let terms = ClassTFIDF.topTerms(documents: termRows.map(background), labels: termRows.map { result.labels[$0] }, classes: k)
        var members = [[Int]](repeating: [], count: k)
        for (index, label) in result.labels.enumerated() { members[label].append(index) }
        var clusters = [TropeReport.Cluster]()
        for c in 0 ..< k where !members[c].isEmpty {
            var centroid = result.centroids.row(c)
            let norm = result.centroids.norm(row: c)
            if norm > 0 { centroid = centroid.map { $0 / norm } }
            let scored = members[c].map { ($0, embeddings.dotProduct(row: $0, with: centroid)) }
            let cohesion = scored.reduce(0.0) { $0 + Double($1.1) } / Double(scored.count)
            let exemplars = scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(3)
            clusters.append(TropeReport.Cluster(
                index: c, size: members[c].count, share: Double(members[c].count) / Double(n), terms: terms[c],
                exemplars: exemplars.map { ExampleItem(id: dataset.ids[$0.0], text: dataset.displayText($0.0)) }, cohesion: cohesion))
        }
        clusters.sort { $0.size != $1.size ? $0.size > $1.size : $0.index < $1.index }

        // Phrase templates, on a seeded sample when large.
        var generator = SeededGenerator(seed: options.seed ^ 0x5EED)
        let sample = generator.sample(options.phraseSample, from: n)
        if sample.count < n { notes.append("Phrase templates were mined on a seeded sample of \(sample.count) of \(n) texts.") }
        let phraseTokens = sample.map { index in dataset.personas == nil ? tokenized.words(of: index) : Lexical.words(background(index)) }
        func phrases(_ list: [PhraseTemplates.Phrase]) -> [TropeReport.Phrase] {
            list.map { TropeReport.Phrase(phrase: $0.phrase, documents: $0.documents, share: Double($0.documents) / Double(max(sample.count, 1))) }
        }
        let minimum = max(2, sample.count / 500)
        let report = TropeReport(
            k: k, chosenBy: chosenBy, silhouetteByK: silhouettes, clusters: clusters,
            openings: phrases(PhraseTemplates.openings(phraseTokens, minimumDocuments: minimum)),
            ngrams: phrases(PhraseTemplates.ngrams(phraseTokens, minimumDocuments: minimum)),
            patterns: phrases(PhraseTemplates.patterns(phraseTokens, minimumDocuments: max(3, minimum))),
            phraseField: dataset.personas == nil ? "text" : "background")
        return Outcome(report: report, labels: result.labels, notes: notes, fitSample: fitRows?.count)
    }
}
