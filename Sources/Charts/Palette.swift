/// The Okabe-Ito palette: distinguishable under the common colour-vision deficiencies,
/// ordered so that the low-contrast yellow comes last.
public enum Palette {
    /// Colours as CSS hex strings.
    public static let colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442"]

    /// The colour for the `index`-th series or group (cycles after eight).
    public static func colour(_ index: Int) -> String { colours[((index % colours.count) + colours.count) % colours.count] }
}
