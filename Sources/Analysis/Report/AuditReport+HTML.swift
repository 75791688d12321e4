import Charts
import ContentChecks
import Foundation
import LinearAlgebra

extension AuditResult {
    /// The self-contained HTML report: inline CSS and SVG, no script, no network.
    ///
    /// Everything is computed on all items; only what is drawn is sampled (the map shows at
    /// most `mapPoints` items), so the page stays small for 100,000 personas.
    /// - Parameters:
    ///   - mapPoints: most points on the 2-D map.
    ///   - seed: fixes the map sample.
    /// - Complexity: O(n) plus O(mapPoints) markup.
    public func html(mapPoints: Int = 2000, seed: UInt64 = 42, subtitle: String? = nil) -> String {
        var sections = [overviewSection()]
        if let validity = report.validity { sections.append(validitySection(validity)) }
        if let voice = report.voice { sections.append(voiceSection(voice)) }
        if let unreadable = report.unreadable, unreadable.count > 0 { sections.append(unreadableSection(unreadable)) }
        sections.append(nearDuplicateSection())
        sections.append(diversitySection())
        sections.append(tropeSection(mapPoints: mapPoints, seed: seed))
        sections.append(driftSection())
        if let fit = report.fit { sections.append(fitSection(fit)) }
        if let steering = report.steering { sections.append(steeringSection(steering)) }
        if let accuracy = report.accuracySection { sections.append(accuracy) }
        if !report.notes.isEmpty { sections.append(HTMLReport.Section(heading: "Notes", prose: report.notes.joined(separator: "\n\n"))) }
        return HTMLReport.page(title: "Persona audit: \(report.input.source)", subtitle: subtitle, sections: sections)
    }

    private var kindName: String { report.input.personas ? "personas" : "texts" }

    private func short(_ text: String, _ limit: Int = 160) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " / ")
        return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
    }

    private func overviewSection() -> HTMLReport.Section {
        var cards = [HTMLReport.Card(label: kindName, value: Format.count(report.input.count),
                                     note: report.input.skippedRecords > 0 ? "\(Format.count(report.input.skippedRecords)) bad records skipped" : nil)]
        if let validity = report.validity {
            cards.append(HTMLReport.Card(label: "break a card rule", value: Format.count(validity.personasWithViolations)))
            cards.append(HTMLReport.Card(label: "break a content rule", value: Format.count(validity.personasBreakingContentRules),
                                         note: "what spb-generate rejects"))
            cards.append(HTMLReport.Card(label: "exact duplicates", value: Format.count(validity.exactDuplicateExtras), note: "extra copies (SPB key)"))
        }
        cards.append(HTMLReport.Card(label: "near-duplicate clusters", value: Format.count(report.nearDuplicates.clusterCount),
                                     note: "\(Format.count(report.nearDuplicates.itemsInClusters)) \(kindName) at τ = \(Format.decimal(report.nearDuplicates.threshold, 2))"))
        cards.append(HTMLReport.Card(label: "Vendi score", value: Format.decimal(report.diversity.vendi.order1, 1), note: "effective number of distinct \(kindName)"))
        cards.append(HTMLReport.Card(label: "trope clusters", value: String(report.tropes.k),
                                     note: "largest holds \(Format.percent(report.tropes.clusters.first?.share ?? 0))"))
        let embeddings = report.input.embeddingsReused ? report.input.embeddingsSource ?? report.input.encoder : report.input.encoder
        let prose = "Read from \(report.input.source) (\(report.input.format)); embeddings: \(embeddings), d = \(report.input.dimension). "
            + (report.peakResidentBytes.map { "Peak resident memory of the audit: \(Format.gigabytes($0)). " } ?? "")
            + "Similarity is cosine on unit-length embeddings; τ = \(Format.decimal(report.nearDuplicates.threshold, 2)) marks near-duplicates and novelty. "
            + "Every number here is also in report.json; per-item data is in notebooks-data/."
        let table = HTMLReport.Table(headers: ["measure", "value"], rows: report.headline.map { [$0.0, $0.1] })
        return HTMLReport.Section(heading: "Overview", blocks: [.cards(cards), .prose(prose), .table(table)])
    }

    private func validitySection(_ validity: ValidityReport) -> HTMLReport.Section {
        var blocks = [HTMLReport.Block]()
        if validity.violationsByRule.isEmpty {
            blocks.append(.prose("Every persona follows the card's rules (age 19-75, 3-5 traits, background ≤ 300 and chatting style ≤ 120 characters, no empty field)."))
        } else {
            blocks.append(.table(HTMLReport.Table(
                headers: ["rule", "personas", "examples"],
                rows: validity.violationsByRule.map { [$0.rule, Format.count($0.count), $0.examples.map { "\($0.id): \($0.text)" }.joined(separator: " · ")] },
                caption: "Rule violations (a persona may break several rules)")))
        }
        if validity.contentRules.isEmpty {
            blocks.append(.prose("Every persona passes the content rules (one-word adjective traits; a finished background of at least "
                + "\(ContentChecker.minimumBackgroundWords) words that is not a placeholder, the name or a job title; a chatting style that describes "
                + "how the person writes; nothing copied from the prompt's instructions, here \(validity.contentPromptSource))."))
        } else {
            blocks.append(.table(HTMLReport.Table(
                headers: ["content rule", "personas", "what it checks", "examples"],
                rows: validity.contentRules.map { [$0.rule, Format.count($0.count), $0.summary ?? "", $0.examples.map { "\($0.id): \(short($0.text, 140))" }.joined(separator: " · ")] },
                caption: "Content rules: \(Format.count(validity.personasBreakingContentRules)) personas break at least one (nothing is dropped here; "
                    + "spb-generate rejects such a candidate as content-rule). The prompt-echo rule looked for \(validity.contentPromptSource).")))
        }
        if validity.exactDuplicateGroups == 0 {
            blocks.append(.prose("No exact duplicates by SPB's key (name, age, sorted traits, background, chatting style)."))
        } else {
            blocks.append(.table(HTMLReport.Table(
                headers: ["group", "copies", "ids", "text"],
                rows: validity.exactDuplicateExamples.enumerated().map { index, group in
                    [String(index + 1), String(group.count), group.map(\.id).joined(separator: ", "), short(group.first?.text ?? "")]
                },
                caption: "Exact duplicates: \(Format.count(validity.exactDuplicateGroups)) groups, \(Format.count(validity.exactDuplicateExtras)) extra copies")))
        }
        return HTMLReport.Section(heading: "Validity", blocks: blocks)
    }

    private func voiceSection(_ voice: VoiceReport) -> HTMLReport.Section {
        func rows(_ name: String, _ field: VoiceReport.Field) -> [[String]] {
            [["\(name) naming its own persona", "\(Format.count(field.namingPersona)) (\(Format.percent(field.namingShare)))",
              field.namingExamples.map { "\($0.id): \(short($0.text, 120))" }.joined(separator: " · ")],
             ["\(name) in the first person", "\(Format.count(field.firstPerson)) (\(Format.percent(field.firstPersonShare)))",
              field.firstPersonExamples.map { "\($0.id): \(short($0.text, 120))" }.joined(separator: " · ")]]
        }
        let prose = "One consistent voice reads better: a dataset whose backgrounds switch between \"Amara is a paralegal …\", \"She is …\" and "
            + "\"I'm a paralegal …\" shows it here. Names inside the texts are masked before anything is embedded or compared (--keep-names keeps them)."
        return HTMLReport.Section(heading: "Voice", blocks: [
            .prose(prose),
            .table(HTMLReport.Table(headers: ["texts", "count", "examples"], rows: rows("backgrounds", voice.background) + rows("chatting styles", voice.chattingStyle))),
        ])
    }

    private func unreadableSection(_ unreadable: UnreadableReport) -> HTMLReport.Section {
        let scripts = unreadable.byScript.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let prose = "\(Format.count(unreadable.count)) \(kindName) (\(Format.percent(unreadable.share))) have more than \(Format.percent(unreadable.limit)) "
            + "of their characters unreadable to the model (--max-unreadable): [UNK] or lone letters of a script its English vocabulary has no words for. "
            + "Such texts embed alike whatever they say, so they are left out of near-duplicate clusters, diversity, trope clusters, drift and the map's axes, "
            + "and listed here instead. By script: " + scripts.map { "\($0.key) \(Format.count($0.value))" }.joined(separator: ", ") + "."
        let table = HTMLReport.Table(
            headers: ["id", "script", "unreadable share", "text"],
            rows: unreadable.examples.map { [$0.id, $0.script, Format.percent($0.unreadableShare), short($0.excerpt)] },
            caption: "Examples, each script represented")
        return HTMLReport.Section(heading: "Texts the model cannot read", blocks: [.prose(prose), .table(table)])
    }

    private func nearDuplicateSection() -> HTMLReport.Section {
        let near = report.nearDuplicates
        let curve = near.curve
        let chart = SVGChart.line(
            series: [SVGChart.Series(name: "\(kindName) with a neighbour ≥ τ", x: curve.map(\.threshold), y: curve.map { Double($0.itemsWithNeighbour) }, showsDots: true),
                     SVGChart.Series(name: "pairs ≥ τ", x: curve.map(\.threshold), y: curve.map { Double($0.pairs) }, showsDots: true)],
            title: "Near-duplicates as the threshold τ changes", xLabel: "cosine similarity threshold τ", yLabel: "count",
            markers: [SVGChart.Marker(x: near.threshold, label: "τ = \(Format.decimal(near.threshold, 2))")],
            yRange: 0 ... max(1, Double(curve.map { max($0.itemsWithNeighbour, $0.pairs) }.max() ?? 0)))  // counts: from 0, never below
        var blocks: [HTMLReport.Block] = [
            .prose("Two \(kindName) are near-duplicates when their cosine similarity is at least τ; clusters are the connected components of that graph. "
                + "\(Format.count(near.clusterCount)) clusters hold \(Format.count(near.itemsInClusters)) \(kindName) (\(Format.count(near.pairCount)) pairs)."
                + (near.pairsTruncated ? " The pair list was capped; counts above τ use the full histogram." : "")),
            .svg(chart),
        ]
        if !near.largestClusters.isEmpty {
            blocks.append(.table(HTMLReport.Table(
                headers: ["size", "examples"],
                rows: near.largestClusters.prefix(10).map { [String($0.size), $0.examples.map { "\($0.id): \(short($0.text, 110))" }.joined(separator: " ‖ ")] },
                caption: "Largest near-duplicate clusters")))
        }
        if !near.closestPairs.isEmpty {
            blocks.append(.table(HTMLReport.Table(
                headers: ["similarity", "first", "second"],
                rows: near.closestPairs.prefix(10).map { [Format.decimal($0.similarity, 4), "\($0.first.id): \(short($0.first.text, 120))", "\($0.second.id): \(short($0.second.text, 120))"] },
                caption: "Closest pairs")))
        }
        return HTMLReport.Section(heading: "Near-duplicates", blocks: blocks)
    }

    private func diversitySection() -> HTMLReport.Section {
        let diversity = report.diversity
        let histogram = SVGChart.histogram(
            values: items.nearestScore.filter(\.isFinite).map(Double.init), binCount: 40,
            title: "Similarity of each \(report.input.personas ? "persona" : "text") to its nearest neighbour", xLabel: "cosine similarity", yLabel: kindName,
            markers: [SVGChart.Marker(x: report.nearDuplicates.threshold, label: "τ")])
        var rows = [["Vendi score, q = 1 (exp of the eigenvalue entropy)", Format.decimal(diversity.vendi.order1, 2)],
                    ["Vendi score, q = 2", Format.decimal(diversity.vendi.order2, 2)],
                    ["Vendi score, q = ∞", Format.decimal(diversity.vendi.orderInfinity, 2)],
                    ["mean pairwise cosine distance", diversity.meanPairwiseCosineDistance.map { Format.decimal($0, 4) } ?? "—"],
                    ["mean / median nearest-neighbour similarity",
                     "\(diversity.meanNearestNeighbourSimilarity.map { Format.decimal($0, 3) } ?? "—") / \(diversity.medianNearestNeighbourSimilarity.map { Format.decimal($0, 3) } ?? "—")"]]
        for field in ["background", "chatting_style", "text"] {
            if let values = diversity.distinct[field] { rows.append(["distinct-1 / 2 / 3 of \(field)", values.map { Format.decimal($0, 3) }.joined(separator: " / ")]) }
        }
        for (name, value) in diversity.entropy.sorted(by: { $0.key < $1.key }) {
            rows.append(["entropy of \(name)", "\(Format.decimal(value.bits, 2)) bits, \(Format.count(value.categories)) values, normalised \(Format.decimal(value.normalized, 2))"])
        }
        return HTMLReport.Section(heading: "Diversity", blocks: [
            .prose("The Vendi score is the effective number of distinct items under the cosine kernel (1 = all identical, n = all orthogonal). "
                + "Distinct-n is unique word n-grams over all word n-grams."),
            .table(HTMLReport.Table(headers: ["measure", "value"], rows: rows)),
            .svg(histogram),
        ])
    }

    private func clusterName(_ cluster: TropeReport.Cluster) -> String {
        "#\(cluster.index) \(cluster.terms.prefix(3).joined(separator: ", "))"
    }

    private func tropeSection(mapPoints: Int, seed: UInt64) -> HTMLReport.Section {
        let tropes = report.tropes
        // Short legend names (the Charts legend gets two rows above the plot); the table below has the full labels.
        // The palette has eight colours: the seven largest clusters get their own, the rest share "smaller clusters".
        let names = Dictionary(uniqueKeysWithValues: tropes.clusters.enumerated().map { rank, cluster in
            (cluster.index, rank < 7 || tropes.clusters.count <= 8 ? "#\(cluster.index) \(cluster.terms.first ?? "")" : "smaller clusters")
        })
        let bars = SVGChart.bars(tropes.clusters.map { SVGChart.Bar(label: clusterName($0), value: Double($0.size)) },
                                 title: "Trope clusters by size", valueLabel: kindName, horizontal: true)
        var generator = SeededGenerator(seed: seed)
        let clustered = items.clusters.indices.filter { items.clusters[$0] >= 0 } // unreadable items have no cluster
        let sample = generator.sample(mapPoints, from: clustered.count).map { clustered[$0] }
        let order = Dictionary(uniqueKeysWithValues: tropes.clusters.enumerated().map { ($1.index, $0) })
        let points = sample.sorted { (order[items.clusters[$0]] ?? 0) < (order[items.clusters[$1]] ?? 0) }.map { i in
            SVGChart.ScatterPoint(x: Double(items.map[i, 0]), y: Double(items.map.columns > 1 ? items.map[i, 1] : 0),
                                  group: names[items.clusters[i]] ?? "#\(items.clusters[i])",
                                  hover: "\(dataset.ids[i]) · cluster \(items.clusters[i]) · \(short(dataset.displayText(i), 200))")
        }
        let ratio = report.pcaExplainedVarianceRatio
        let map = SVGChart.scatter(
            points: points, title: "2-D PCA map coloured by trope cluster (\(Format.count(points.count)) of \(Format.count(report.input.count)) shown; hover a dot to read it)",
            xLabel: "PC 1 (\(Format.percent(ratio.first ?? 0)) of variance)", yLabel: "PC 2 (\(Format.percent(ratio.count > 1 ? ratio[1] : 0)))",
            radius: 3, size: SVGChart.Size(width: 900, height: 620))
        let table = HTMLReport.Table(
            headers: ["cluster", "share", "label terms (c-TF-IDF)", "cohesion", "exemplars (closest to the centre)"],
            rows: tropes.clusters.map { cluster in
                ["#\(cluster.index)", Format.percent(cluster.share), cluster.terms.joined(separator: ", "), Format.decimal(cluster.cohesion, 3),
                 cluster.exemplars.map { "\($0.id): \(short($0.text, 130))" }.joined(separator: " ‖ ")]
            })
        func phraseTable(_ phrases: [TropeReport.Phrase], _ caption: String) -> HTMLReport.Block {
            .table(HTMLReport.Table(headers: ["phrase", "documents", "share"],
                                    rows: phrases.map { [$0.phrase, Format.count($0.documents), Format.percent($0.share)] }, caption: caption))
        }
        var blocks: [HTMLReport.Block] = [
            .prose("k-means (k-means++ seeding, seed \(seed)) on the embeddings with k = \(tropes.k), chosen by \(tropes.chosenBy). "
                + "Cohesion is the mean cosine similarity of members to their cluster's centre; label terms are the words most specific to each cluster's \(tropes.phraseField)s."),
            .svg(bars), .svg(map), .table(table),
        ]
        if !tropes.silhouetteByK.isEmpty {
            let ks = tropes.silhouetteByK.keys.compactMap(Int.init).sorted()
            blocks.append(.svg(SVGChart.line(series: [SVGChart.Series(name: "silhouette", x: ks.map(Double.init), y: ks.map { tropes.silhouetteByK[String($0)] ?? .nan }, showsDots: true)],
                                             title: "Silhouette by number of clusters (sample)", xLabel: "k", yLabel: "mean silhouette",
                                             markers: [SVGChart.Marker(x: Double(tropes.k), label: "chosen")], size: SVGChart.Size(width: 720, height: 300))))
        }
        blocks.append(.prose("Recurring phrasing in the \(tropes.phraseField)s: shared openings, frequent word n-grams, and one-gap templates (the * stands for at least three different words)."))
        if !tropes.openings.isEmpty { blocks.append(phraseTable(tropes.openings, "Most common openings")) }
        if !tropes.patterns.isEmpty { blocks.append(phraseTable(tropes.patterns, "Templates with a slot")) }
        if !tropes.ngrams.isEmpty { blocks.append(phraseTable(tropes.ngrams, "Most common phrases (3-6 words)")) }
        return HTMLReport.Section(heading: "Trope clusters", blocks: blocks)
    }

    private func driftSection() -> HTMLReport.Section {
        let drift = report.drift
        let windows = drift.windows
        let x = windows.map { Double($0.start + $0.end) / 2 }
        guard windows.count > 1 else {
            return HTMLReport.Section(heading: "Drift over the run", prose: "Too few items for more than one window of \(drift.windowSize).")
        }
        let vendi = SVGChart.line(series: [SVGChart.Series(name: "Vendi score per window", x: x, y: windows.map(\.vendi), showsDots: true)],
                                  title: "Diversity within each window of \(drift.windowSize)", xLabel: "position in \(drift.orderSource)", yLabel: "Vendi score (q = 1)")
        var series = [SVGChart.Series(name: "distinct-2", x: x, y: windows.map(\.distinct2), showsDots: true),
                      SVGChart.Series(name: "novelty", x: x, y: windows.map(\.novelty), showsDots: true),
                      SVGChart.Series(name: "centroid sim. to previous", x: x, y: windows.map { $0.similarityToPrevious ?? .nan }, showsDots: true),
                      SVGChart.Series(name: "drift from first window", x: x, y: windows.map(\.centroidDriftFromFirst), showsDots: true)]
        if windows.contains(where: { $0.anchoring != nil }) {
            series.append(SVGChart.Series(name: "anchoring", x: x, y: windows.map { $0.anchoring ?? .nan }, showsDots: true))
        }
        if windows.contains(where: { $0.rejectRate != nil }) {
            series.append(SVGChart.Series(name: "reject rate", x: x, y: windows.map { $0.rejectRate ?? .nan }, showsDots: true))
        }
        let lines = SVGChart.line(series: series, title: "Drift measures per window", xLabel: "position in \(drift.orderSource)", yLabel: "value",
                                  size: SVGChart.Size(width: 900, height: 460))
        var blocks: [HTMLReport.Block] = [
            .prose("Windows of \(drift.windowSize) consecutive items in \(drift.orderSource). Novelty is the share whose nearest earlier item is below τ; "
                + "anchoring is the mean of (highest similarity to the previous 20) − (highest similarity to 20 random older ones): above 0 means items echo their recent predecessors, as few-shot references invite."),
            .svg(vendi), .svg(lines),
        ]
        if let reset = drift.resetEffect {
            blocks.append(.table(HTMLReport.Table(
                headers: ["", "right after a reset (seed references)", "other attempts"],
                rows: [["personas", Format.count(reset.itemsAfterReset), ""],
                       ["mean similarity to nearest earlier", reset.meanNearestEarlierAfterReset.map { Format.decimal($0, 3) } ?? "—", reset.meanNearestEarlierOtherwise.map { Format.decimal($0, 3) } ?? "—"],
                       ["mean anchoring", reset.meanAnchoringAfterReset.map { Format.decimal($0, 3) } ?? "—", reset.meanAnchoringOtherwise.map { Format.decimal($0, 3) } ?? "—"]],
                caption: "Do resets to the seed personas change anything? \(reset.verdict)")))
        }
        blocks.append(.table(HTMLReport.Table(
            headers: ["window", "items", "Vendi", "distinct-2", "novelty", "sim. to previous", "drift from first", "anchoring", "reject rate"],
            rows: windows.map { w in
                [String(w.index), "\(w.start + 1)-\(w.end)", Format.decimal(w.vendi, 1), Format.decimal(w.distinct2, 3), Format.percent(w.novelty),
                 w.similarityToPrevious.map { Format.decimal($0, 4) } ?? "—", Format.decimal(w.centroidDriftFromFirst, 4),
                 w.anchoring.map { Format.decimal($0, 3) } ?? "—", w.rejectRate.map(Format.percent) ?? "—"]
            })))
        return HTMLReport.Section(heading: "Drift over the run", blocks: blocks)
    }

    private func fitSection(_ fit: FitReport) -> HTMLReport.Section {
        var blocks: [HTMLReport.Block] = [.prose((fit.componentsFile.map { "Observed frequencies against the weights in \($0) (\(fit.source)). " }
            ?? "How the values of the chosen fields are spread (\(fit.source)). ")
            + "Jensen-Shannon divergence is in bits (0 = same distribution, 1 = disjoint); residual = observed share − intended share.")]
        for component in fit.components {
            blocks.append(.table(HTMLReport.Table(
                headers: ["value", "observed", "intended", "residual"],
                rows: component.largestResiduals.map { [$0.value, Format.percent($0.observedShare), Format.percent($0.expectedShare), ($0.residual >= 0 ? "+" : "") + Format.percent($0.residual)] },
                caption: "\(component.name): JS divergence \(component.jensenShannon.map { Format.decimal($0, 3) } ?? "—") bits over \(Format.count(component.observations)) matched, \(Format.count(component.unmatched)) unmatched")))
        }
        if let outside = fit.agesOutsideProfessionRange {
            blocks.append(.prose("\(Format.count(outside)) personas have an age outside their profession's range."))
        }
        if !fit.ageExamples.isEmpty {
            blocks.append(.table(HTMLReport.Table(headers: ["id", "age, profession (range) and background"], rows: fit.ageExamples.map { [$0.id, short($0.text, 220)] })))
        }
        for field in fit.fields {
            var caption = "\(field.field): \(Format.count(field.categories)) values over \(Format.count(field.observations)), normalised entropy "
                + "\(Format.decimal(field.normalizedEntropy, 3)) (1 = every value equally frequent), \(Format.count(field.missing)) items without it"
            if let against = field.against {
                caption += "; against the weights of \(against.name): JS divergence \(against.jensenShannon.map { Format.decimal($0, 3) } ?? "—") bits, "
                    + "\(Format.count(against.unmatched)) values matching none of its entries"
            }
            blocks.append(.table(HTMLReport.Table(
                headers: ["value", "count", "share"],
                rows: field.topValues.map { [$0.value, Format.count($0.count), Format.percent($0.share)] }, caption: caption)))
            if let against = field.against, !against.largestResiduals.isEmpty {
                blocks.append(.table(HTMLReport.Table(
                    headers: ["value", "observed", "intended", "residual"],
                    rows: against.largestResiduals.map { [$0.value, Format.percent($0.observedShare), Format.percent($0.expectedShare), ($0.residual >= 0 ? "+" : "") + Format.percent($0.residual)] },
                    caption: "\(field.field) against \(against.name): the values furthest from their intended share")))
            }
        }
        return HTMLReport.Section(heading: "Fit to the intended distribution", blocks: blocks)
    }
}
