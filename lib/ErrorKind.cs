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
        /// <summary>A file could not be opened or read.</summary>
        ReadError,
        /// <summary>A file could not be written (the folder is missing, the disk is full, the rename failed).</summary>
        WriteError,
        /// <summary>A file exists where none may be (<c>-NoClobber</c>).</summary>
        ResourceExists,
        /// <summary>A file may not be written (read-only, or no permission).</summary>
        PermissionDenied,
        /// <summary>The process cannot get the memory an operation needs (<c>InsufficientMemory</c>).</summary>
        ResourceUnavailable,
    }
}
