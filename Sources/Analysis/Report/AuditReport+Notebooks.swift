import Foundation

extension AuditResult {
    /// Writes `notebooks-data/<name>/`: `personas.csv`, `embeddings.npy`, `clusters.csv`.
    ///
    /// `personas.csv` has one row per item: id, line order, trope cluster, near-duplicate cluster
    /// (-1 when none), nearest id and similarity, drift window, map x and y, and (when measured) the
    /// dominant script and the share of characters the model cannot read. Items above the
    /// unreadable limit have cluster, near-duplicate cluster and window -1 and no nearest id.
    /// - Throws: file-system errors.
    public func writeNotebookData(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let ids = dataset.ids
        var rows = [[String]]()
        rows.reserveCapacity(ids.count)
        for i in ids.indices {
            let nearest = items.nearest[i]
            rows.append([ids[i], String(i), String(items.clusters[i]),
                         String(items.nearDuplicateCluster[i]),
                         nearest >= 0 ? ids[nearest] : "", NotebookFiles.number(items.nearestScore[i]),
                         String(items.windows[i]), NotebookFiles.number(items.map[i, 0]),
                         NotebookFiles.number(items.map.columns > 1 ? items.map[i, 1] : 0)]
                + (items.readability.map { [$0[i].script.rawValue, NotebookFiles.number($0[i].unreadableShare)] } ?? []))
        }
        let header = ["id", "order", "cluster", "near_duplicate_cluster", "nearest_id", "nearest_similarity", "window", "x", "y"]
            + (items.readability == nil ? [] : ["script", "unreadable_share"])
        try NotebookFiles.csv(header: header, rows: rows)
            .write(to: directory.appendingPathComponent("personas.csv"), atomically: true, encoding: .utf8)
        try NotebookFiles.writeNPY(items.embeddings, to: directory.appendingPathComponent("embeddings.npy"))
        let clusters = report.tropes.clusters.map { cluster in
            [String(cluster.index), String(cluster.size), NotebookFiles.number(cluster.share), NotebookFiles.number(cluster.cohesion),
             cluster.terms.joined(separator: " "), cluster.exemplars.map(\.id).joined(separator: " "),
             cluster.exemplars.first?.text ?? ""]
        }
        try NotebookFiles.csv(header: ["cluster", "size", "share", "cohesion", "terms", "exemplar_ids", "exemplar"], rows: clusters)
            .write(to: directory.appendingPathComponent("clusters.csv"), atomically: true, encoding: .utf8)
    }
}
