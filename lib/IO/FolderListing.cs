using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Initializers.IO
{
    /// <summary>Lists the files of a folder that a write or a join must know, or refuses with FolderReadFailed: going on
    /// without the list could replace or leave out files.</summary>
    internal static class FolderListing
    {
        /// <summary>The files of <paramref name="folder"/> (not below it) whose names match <paramref name="pattern"/>.</summary>
        /// <param name="folder">The folder to list.</param>
        /// <param name="pattern">A file-name pattern (<c>*</c> and <c>?</c>), as <see cref="Directory.EnumerateFiles(string, string)"/> takes.</param>
        /// <param name="why">The start of the error message, naming what needed the list and the folder, e.g.
        /// "Cannot join 'w.npy': its folder '/data' cannot be listed to find the parts".</param>
        /// <exception cref="InitializerException">FolderReadFailed (PermissionDenied, or ReadError), naming the folder,
        /// with the operating system's error inside.</exception>
        internal static List<string> Files(string folder, string pattern, string why)
        {
            try
            {
                return Directory.EnumerateFiles(folder, pattern, SearchOption.TopDirectoryOnly).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InitializerException(
                    "FolderReadFailed",
                    ex is UnauthorizedAccessException ? ErrorKind.PermissionDenied : ErrorKind.ReadError,
                    $"{why}: {ex.Message}",
                    folder,
                    ex) { SourceName = folder };
            }
        }
    }
}
