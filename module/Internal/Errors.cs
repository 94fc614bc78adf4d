using System;
using System.Globalization;
using System.Management.Automation;

namespace Initializers.PowerShell.Internal
{
    /// <summary>Turns the library's <see cref="InitializerException"/> into PowerShell error records: the library's
    /// stable ErrorId, its <see cref="ErrorKind"/> mapped one to one onto <see cref="ErrorCategory"/>, the offending
    /// input as TargetObject, and line/column in ErrorDetails for parse errors.</summary>
    internal static class Errors
    {
        public static ErrorCategory Category(ErrorKind kind) => kind switch
        {
            ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            ErrorKind.InvalidType => ErrorCategory.InvalidType,
            ErrorKind.InvalidData => ErrorCategory.InvalidData,
            ErrorKind.ParserError => ErrorCategory.ParserError,
            ErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
            ErrorKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
            ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
            ErrorKind.ReadError => ErrorCategory.ReadError,
            ErrorKind.WriteError => ErrorCategory.WriteError,
            ErrorKind.ResourceExists => ErrorCategory.ResourceExists,
            ErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
            ErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
            _ => ErrorCategory.NotSpecified,
        };

        public static ErrorRecord From(InitializerException ex, object? fallbackTarget = null)
        {
            var record = new ErrorRecord(ex, ex.ErrorId, Category(ex.Kind), ex.Target ?? fallbackTarget);
            if (ex.Line is int line)
            {
                var column = ex.Column ?? 0;
                var where = string.Format(CultureInfo.InvariantCulture, "line {0}, column {1}", line, column);
                var message = ex.Message.IndexOf(where, StringComparison.Ordinal) >= 0 ? ex.Message : ex.Message + " (" + where + ")";
                record.ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = "Fix the text at " + where + ".",
                };
            }

            return record;
        }

        /// <summary>An <see cref="OutOfMemoryException"/> that got past the library's checks, as the library's own
        /// InsufficientMemory error (ResourceUnavailable): the shell stays usable and the error can be caught by id.</summary>
        public static ErrorRecord OutOfMemory(OutOfMemoryException ex, object? target) =>
            From(new InitializerException(
                "InsufficientMemory",
                ErrorKind.ResourceUnavailable,
                $"The operation ran out of memory ({ex.Message}). Use a smaller shape or dtype, or free memory.",
                target,
                ex));

        /// <summary>An error of this module's own (not from the library).</summary>
        public static ErrorRecord New(string errorId, ErrorCategory category, string message, object? target) =>
            new(new ArgumentException(message), errorId, category, target);
    }
}
