import Dispatch
import Foundation
import Synchronization
import TextMetrics

extension Array where Element: Sendable {
    /// `transform` of every element, in order, computed in contiguous chunks on up to `workers` threads:
    /// the audit's per-text passes (readability, words) over a million texts.
    /// - Complexity: O(n) calls of `transform`, spread over the workers; one extra copy of the results.
    func concurrentMap<Result: Sendable>(workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                                         _ transform: @Sendable (Element) -> Result) -> [Result] {
        let chunks = Swift.max(1, Swift.min(workers * 4, count / 2_000))
        guard chunks > 1 else { return map(transform) }
        let size = (count + chunks - 1) / chunks
        let parts = Mutex([[Result]](repeating: [], count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * size, end = Swift.min(start + size, count)
            guard start < end else { return }
            let mapped = self[start ..< end].map(transform)
            parts.withLock { $0[chunk] = mapped }
        }
        return parts.withLock { $0.flatMap { $0 } }
    }
}

extension NumberedWords {
    /// The words of `texts` (``Lexical/words(_:)``), split on every core a batch at a time so the words as strings
    /// never exist for more than one batch.
    static func of(_ texts: [String], batch: Int = 50_000) -> NumberedWords {
        var numbered = NumberedWords()
        for start in stride(from: 0, to: texts.count, by: batch) {
            for words in Array(texts[start ..< Swift.min(start + batch, texts.count)]).concurrentMap(Lexical.words) { numbered.append(words) }
        }
        return numbered
    }
}
