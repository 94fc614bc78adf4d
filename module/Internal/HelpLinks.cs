namespace Initializers.PowerShell.Internal
{
    /// <summary>Where <c>Get-Help -Online</c> goes: each cmdlet's HelpUri is its markdown help in the repository.
    /// The project URL is a placeholder (README says so) until the repository has a public home.</summary>
    internal static class HelpLinks
    {
        /// <summary>The folder of the cmdlet help files; a cmdlet's HelpUri is this plus "&lt;Verb-Noun&gt;.md".</summary>
        public const string Docs = "https://example.invalid/initializers/blob/main/docs/en-US/";
    }
}
