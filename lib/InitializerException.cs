using System;

namespace Initializers
{
    /// <summary>What kind of problem an <see cref="InitializerException"/> reports. The PowerShell layer maps it
    /// one to one onto <c>System.Management.Automation.ErrorCategory</c>, which this library cannot reference.</summary>
    public enum ErrorKind
    {
        /// <summary>A value is outside what is allowed (a negative dimension, scale &lt;= 0, an unknown mode).</summary>
        InvalidArgument,
        /// <summary>A value has the wrong type (a string where a number is needed, a non-integer seed).</summary>
        InvalidType,
        /// <summary>A document is well formed but its content is wrong (an unknown config key, a missing class_name).</summary>
        InvalidData,
        /// <summary>A document is not well formed JSON or YAML.</summary>
        ParserError,
        /// <summary>A name does not resolve (an unknown initializer or dtype).</summary>
        ObjectNotFound,
        /// <summary>A size limit is exceeded (too many elements for one tensor).</summary>
        LimitsExceeded,
        /// <summary>The operation is not defined for this input (Ones with string, Orthogonal on rank 1).</summary>
        InvalidOperation,
    }

    /// <summary>The one exception type the library throws for bad input. It carries a stable
    /// <see cref="ErrorId"/>, an <see cref="ErrorKind"/>, and the offending value as <see cref="Target"/>.</summary>
    public class InitializerException : ArgumentException
    {
        public InitializerException(string errorId, ErrorKind kind, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        /// <summary>Stable PascalCase identifier, for example <c>InvalidShape</c>.</summary>
        public string ErrorId { get; }

        public ErrorKind Kind { get; }

        /// <summary>The offending input: the shape, the key, the value or the text.</summary>
        public object? Target { get; }

        /// <summary>1-based line of a parse error, when known.</summary>
        public int? Line { get; init; }

        /// <summary>1-based column of a parse error, when known.</summary>
        public int? Column { get; init; }

        public override string Message => base.Message;
    }
}
