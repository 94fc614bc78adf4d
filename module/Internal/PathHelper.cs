using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;

namespace Initializers.PowerShell.Internal
{
    /// <summary>Path resolution for the file cmdlets, as the built-in Import-/Export- cmdlets do it: -Path expands
    /// wildcards, -LiteralPath does not; only the FileSystem provider is accepted.</summary>
    internal static class PathHelper
    {
        /// <summary>Existing files for reading. Problems are non-terminating errors with the path as target.</summary>
        public static List<string> ResolveExisting(PSCmdlet cmdlet, string path, bool literal)
        {
            var result = new List<string>();
            try
            {
                ProviderInfo provider;
                Collection<string> resolved;
                if (literal)
                {
                    resolved = new Collection<string> { cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) };
                }
                else
                {
                    resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                }

                if (provider.Name != "FileSystem")
                {
                    cmdlet.WriteError(Errors.New("PathNotFileSystem", ErrorCategory.InvalidArgument, $"'{path}' is not a file system path (provider {provider.Name}).", path));
                    return result;
                }

                if (resolved.Count == 0)
                {
                    // A wildcard that matches nothing is an error, as a missing file is (Import-Csv, Get-Content do the same).
                    cmdlet.WriteError(new ErrorRecord(
                        new FileNotFoundException($"Cannot find path '{path}': no file matches it."), "FileNotFound", ErrorCategory.ObjectNotFound, path));
                    return result;
                }

                foreach (var file in resolved)
                {
                    if (File.Exists(file) && SpecialFileKind(cmdlet, file) is string kind)
                    {
                        cmdlet.WriteError(Errors.New(
                            "PathNotRegularFile",
                            ErrorCategory.InvalidArgument,
                            $"'{file}' is a {kind}, not a regular file; only regular files are read (a pipe would block and a device never ends).",
                            path));
                    }
                    else if (File.Exists(file))
                    {
                        result.Add(file);
                    }
                    else if (Directory.Exists(file))
                    {
                        cmdlet.WriteError(Errors.New("PathIsDirectory", ErrorCategory.InvalidArgument, $"'{file}' is a directory; give a file path.", path));
                    }
                    else
                    {
                        cmdlet.WriteError(new ErrorRecord(new FileNotFoundException($"Cannot find the file '{file}'.", file), "FileNotFound", ErrorCategory.ObjectNotFound, path));
                    }
                }
            }
            catch (ItemNotFoundException ex)
            {
                cmdlet.WriteError(new ErrorRecord(ex, "FileNotFound", ErrorCategory.ObjectNotFound, path));
            }
            catch (Exception ex) when (ex is ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or NotSupportedException or ArgumentException)
            {
                cmdlet.WriteError(new ErrorRecord(ex, "InvalidPath", ErrorCategory.InvalidArgument, path));
            }

            return result;
        }

        /// <summary>The kind of a file that is not a regular one (NamedPipe, Socket, CharacterDevice, BlockDevice), after
        /// following symbolic links; null for a regular file. Opening a FIFO blocks until a writer comes and a device such
        /// as /dev/zero never ends, so neither is read. The figure is PowerShell 7's UnixStat of the provider's item; where
        /// there is none (Windows) every existing file is regular.</summary>
        private static string? SpecialFileKind(PSCmdlet cmdlet, string file)
        {
            try
            {
                var item = cmdlet.InvokeProvider.Item.Get(new[] { file }, true, true);
                var info = item.Count == 1 ? item[0] : null;
                if (info?.Properties["ResolvedTarget"]?.Value is string target && !string.Equals(target, file, StringComparison.Ordinal))
                {
                    item = cmdlet.InvokeProvider.Item.Get(new[] { target }, true, true);
                    info = item.Count == 1 ? item[0] : null;
                }

                var stat = info?.Properties["UnixStat"]?.Value;
                var kind = stat is null ? null : PSObject.AsPSObject(stat).Properties["ItemType"]?.Value?.ToString();
                return kind is "NamedPipe" or "Socket" or "CharacterDevice" or "BlockDevice" ? kind : null;
            }
            catch (Exception ex) when (ex is ItemNotFoundException or ProviderInvocationException or IOException or UnauthorizedAccessException)
            {
                return null; // the reader reports it
            }
        }

        /// <summary>The target of an Export- cmdlet: <see cref="ResolveForWrite"/>, then a terminating FileExists error
        /// when the file exists and <paramref name="noClobber"/> (-NoClobber) is set.</summary>
        public static string ResolveExportTarget(PSCmdlet cmdlet, string path, bool literal, bool noClobber)
        {
            var target = ResolveForWrite(cmdlet, path, literal);
            if (noClobber && File.Exists(target))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The file '{target}' already exists and -NoClobber was given."), "FileExists", ErrorCategory.ResourceExists, target));
            }

            return target;
        }

        /// <summary>-PassThru of an Export- cmdlet: the written file as Get-Item returns it, the FileInfo wrapped with
        /// PSPath, PSParentPath, PSChildName, PSDrive and PSProvider, which the FileSystem views need for Mode,
        /// LastWriteTime and Length.</summary>
        public static void WriteItem(PSCmdlet cmdlet, string target) =>
            cmdlet.WriteObject(cmdlet.InvokeProvider.Item.Get(new[] { target }, true, true), true);

        /// <summary>The file system path to write to (it need not exist). Throws a terminating error when it is not a
        /// file system path or a wildcard matches several files.</summary>
        public static string ResolveForWrite(PSCmdlet cmdlet, string path, bool literal)
        {
            if (!literal && WildcardPattern.ContainsWildcardCharacters(path))
            {
                var matches = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var p);
                if (matches.Count != 1)
                {
                    cmdlet.ThrowTerminatingError(Errors.New("AmbiguousPath", ErrorCategory.InvalidArgument, $"The path '{path}' matches {matches.Count} files; give exactly one (or use -LiteralPath).", path));
                }

                path = matches[0];
            }

            var resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            if (provider.Name != "FileSystem")
            {
                cmdlet.ThrowTerminatingError(Errors.New("PathNotFileSystem", ErrorCategory.InvalidArgument, $"'{path}' is not a file system path (provider {provider.Name}).", path));
            }

            return resolved;
        }
    }
}
