/// A check of what a persona's fields say, beyond the card's types and lengths: each rule has a
/// stable name (used by `--allow`, `rejected.jsonl`, the run summary and the audit) and the field it reads.
///
/// Every rule is on by default; ``ContentChecker`` applies them. Within one field the rules are
/// tried in declaration order and only the first that fails is reported (a bare job title is also too
/// short and unfinished; saying "job title" is the useful part), except ``promptEcho``, which is
/// reported alongside.
public enum ContentRule: String, Sendable, CaseIterable, Codable, Comparable {
    /// A trait is a word of the persona's own name or its username.
    case traitIsName = "trait-is-name"
    /// A trait is not one word: spaces, digits, list markers or sentence punctuation ("1. They are organised").
    case traitForm = "trait-form"
    /// A trait is one word but a noun or an adverb by its ending ("eagerness", "lazily").
    case traitNotAdjective = "trait-not-adjective"
    /// The same trait twice.
    case traitRepeated = "trait-repeated"
    /// The background is a placeholder ("none", "N/A", "unknown", "no background").
    case backgroundPlaceholder = "background-placeholder"
    /// The background is only the persona's name or username.
    case backgroundIsName = "background-is-name"
    /// The background is a bare job title ("Insurance Sales Agent").
    case backgroundJobTitle = "background-job-title"
    /// The background has fewer than ``ContentChecker/minimumBackgroundWords`` words.
    case backgroundTooShort = "background-too-short"
    /// The background does not end a sentence: cut off mid-word or a fragment.
    case backgroundUnfinished = "background-unfinished"
    /// The chatting style is hashtags only ("#relatable #gentle").
    case styleHashtagsOnly = "style-hashtags-only"
    /// The chatting style is a greeting addressed to the reader ("Hey there! …") instead of a description.
    case styleGreeting = "style-greeting"
    /// The chatting style has fewer than ``ContentChecker/minimumStyleWords`` words ("single-word").
    case styleTooShort = "style-too-short"
    /// A field copies a run of the prompt's own instructions ("one sentence on how they chat").
    case promptEcho = "prompt-echo"

    /// The field the rule reads, as the card names it (`any` for ``promptEcho``).
    public var field: String {
        switch self {
        case .traitIsName, .traitForm, .traitNotAdjective, .traitRepeated: "traits"
        case .backgroundPlaceholder, .backgroundIsName, .backgroundJobTitle, .backgroundTooShort, .backgroundUnfinished: "background"
        case .styleHashtagsOnly, .styleGreeting, .styleTooShort: "chatting_style"
        case .promptEcho: "any"
        }
    }

    /// One line for `--help` and reports.
    public var summary: String {
        switch self {
        case .traitForm: "a trait is one word or a hyphenated word: no spaces, digits, list markers or sentence punctuation"
        case .traitNotAdjective: "a trait is not a noun or an adverb by its ending (-ness, -ment, -tion, -ity, -ism, -asm, -ship, -hood, -ance/-ence; -ily, -ously, -fully, -ingly …)"
        case .traitRepeated: "no trait appears twice"
        case .traitIsName: "no trait is a word of the persona's name or its username"
        case .backgroundPlaceholder: "the background is not a placeholder (none, N/A, unknown, no background …)"
        case .backgroundIsName: "the background is not just the persona's name or username"
        case .backgroundJobTitle: "the background is not a bare job title"
        case .backgroundTooShort: "the background has at least \(ContentChecker.minimumBackgroundWords) words"
        case .backgroundUnfinished: "the background ends a sentence (. ! ? …), so it is not cut off"
        case .styleHashtagsOnly: "the chatting style is not hashtags only"
        case .styleGreeting: "the chatting style describes how the person writes, not a greeting to the reader"
        case .styleTooShort: "the chatting style has at least \(ContentChecker.minimumStyleWords) words"
        case .promptEcho: "no field copies a run of \(InstructionEcho.runLength) words of the prompt's own instructions or keeps a <…> blank of its form"
        }
    }

    /// Parses a rule name; nil when unknown.
    public init?(name: String) { self.init(rawValue: name) }

    /// Declaration order (the order rules are tried within a field).
    public static func < (a: ContentRule, b: ContentRule) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
