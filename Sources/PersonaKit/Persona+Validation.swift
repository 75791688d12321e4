/// Limits a persona must respect; ``card`` holds the Synthetic Persona Bank card's rules.
public struct ValidationRules: Sendable, Equatable {
    /// Allowed ages, inclusive.
    public var ages: ClosedRange<Int>
    /// Allowed number of traits, inclusive.
    public var traitCount: ClosedRange<Int>
    /// Longest allowed background, in characters (grapheme clusters).
    public var maxBackground: Int
    /// Longest allowed chatting style, in characters (grapheme clusters).
    public var maxChattingStyle: Int

    /// Creates a rule set.
    public init(ages: ClosedRange<Int>, traitCount: ClosedRange<Int>, maxBackground: Int, maxChattingStyle: Int) {
        self.ages = ages
        self.traitCount = traitCount
        self.maxBackground = maxBackground
        self.maxChattingStyle = maxChattingStyle
    }

    /// The card: age 19-75, 3-5 traits, background ≤ 300 characters, chatting style ≤ 120.
    public static let card = ValidationRules(ages: 19...75, traitCount: 3...5, maxBackground: 300, maxChattingStyle: 120)
}

/// One broken rule: which rule (the card's `age-range`, `trait-count`, `background-length`,
/// `chatting-style-length`, `non-empty`, or a content rule such as `background-placeholder`), which
/// field, and a message quoting the value. JSON keys: `rule`, `field`, `message`.
public struct RuleViolation: Sendable, Equatable, Codable, CustomStringConvertible {
    /// A stable rule identifier, usable as a key in reports.
    public let rule: String
    /// The JSON key at fault, e.g. `age` or `traits[1]`.
    public let field: String
    /// A human-readable explanation quoting the value and the limit.
    public let message: String

    /// Creates a violation.
    public init(rule: String, field: String, message: String) {
        self.rule = rule
        self.field = field
        self.message = message
    }

    /// `"field: message (rule)"`.
    public var description: String { "\(field): \(message) (\(rule))" }
}

extension Persona {
    /// Every rule this persona breaks, in card field order (empty when valid).
    ///
    /// Strings must contain a non-whitespace character (`name`, `background`, `chatting_style`,
    /// each trait, and `username` unless it is null). Lengths are counted in characters.
    /// - Parameter rules: the limits to check against.
    /// - Returns: the violations, each naming its rule and field.
    public func violations(of rules: ValidationRules) -> [RuleViolation] {
        var found: [RuleViolation] = []
        func requireText(_ value: String, field: String) {
            if value.isBlank {
                found.append(RuleViolation(rule: "non-empty", field: field, message: "must not be empty"))
            }
        }
        requireText(name, field: "name")
        if let username { requireText(username, field: "username") }
        if !rules.ages.contains(age) {
            found.append(RuleViolation(rule: "age-range", field: "age",
                                       message: "\(age) is outside \(rules.ages.lowerBound)-\(rules.ages.upperBound)"))
        }
        if !rules.traitCount.contains(traits.count) {
            found.append(RuleViolation(
                rule: "trait-count", field: "traits",
                message: "\(traits.count) traits, expected \(rules.traitCount.lowerBound)-\(rules.traitCount.upperBound)"))
        }
        for (index, trait) in traits.enumerated() { requireText(trait, field: "traits[\(index)]") }
        requireText(background, field: "background")
        if background.utf8.count > rules.maxBackground, background.count > rules.maxBackground {
            found.append(RuleViolation(rule: "background-length", field: "background",
                                       message: "\(background.count) characters, limit \(rules.maxBackground)"))
        }
        requireText(chattingStyle, field: "chatting_style")
        if chattingStyle.utf8.count > rules.maxChattingStyle, chattingStyle.count > rules.maxChattingStyle {
            found.append(RuleViolation(rule: "chatting-style-length", field: "chatting_style",
                                       message: "\(chattingStyle.count) characters, limit \(rules.maxChattingStyle)"))
        }
        return found
    }
}
