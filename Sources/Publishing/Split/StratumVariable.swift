/// A categorical variable whose shares a split keeps close to the whole set's (profession, age band, trope cluster).
public struct StratumVariable: Sendable {
    /// Its name in reports.
    public var name: String
    /// Category of each item, nil when unknown (unknown items are left out of this variable's shares).
    public var categories: [String?]

    /// Creates a variable.
    public init(name: String, categories: [String?]) {
        self.name = name
        self.categories = categories
    }

    /// Whether any item has a category.
    public var isKnown: Bool { categories.contains { $0 != nil } }

    /// The 10-year band of an age, e.g. `30-39`.
    public static func ageBand(_ age: Int) -> String {
        let low = (age >= 0 ? age : age - 9) / 10 * 10
        return "\(low)-\(low + 9)"
    }

    /// Items per category, and each item's category as a dense index (-1 when unknown).
    func encoded() -> (codes: [Int], totals: [Int], names: [String]) {
        var index = [String: Int](), names = [String](), totals = [Int]()
        let codes = categories.map { category -> Int in
            guard let category else { return -1 }
            if let code = index[category] { totals[code] += 1; return code }
            index[category] = names.count
            names.append(category)
            totals.append(1)
            return names.count - 1
        }
        return (codes, totals, names)
    }
}
