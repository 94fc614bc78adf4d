using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Initializers.PowerShell.Loader
{
    /// <summary>The module's private load context on PowerShell 7 (.NET 8+): the library <c>Initializers.dll</c> and
    /// every assembly it needs from the module's <c>Dependencies</c> folder (MathNet.Numerics, YamlDotNet).</summary>
    /// <remarks>
    /// The <see cref="Load"/> override runs before the default context is consulted, so a reference from the library
    /// to YamlDotNet is always bound to the module's own copy, whatever YamlDotNet (older, newer or the same version)
    /// another module has put into the default context, before or after this one. Names that are not in the folder
    /// (the framework) fall through to the default context. The context is never unloaded (PowerShell cannot unload a
    /// binary module), and there is one per process.
    /// </remarks>
    public sealed class LibraryLoadContext : AssemblyLoadContext
    {
        /// <summary>The context's name, as <c>[System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name</c> shows it.</summary>
        public const string ContextName = "Initializers";

        private const string LibraryName = "Initializers";
        private static readonly object Gate = new();
        private static LibraryLoadContext? instance;

        private readonly string libraryPath;
        private readonly string dependencyDirectory;

        private LibraryLoadContext(string libraryPath, string dependencyDirectory)
            : base(ContextName, isCollectible: false)
        {
            this.libraryPath = libraryPath;
            this.dependencyDirectory = dependencyDirectory;
        }

        /// <summary>Loads the library into the private context (once per process) and returns it.</summary>
        /// <param name="libraryPath">The full path of <c>lib/net8.0/Initializers.dll</c>.</param>
        /// <param name="dependencyDirectory">The folder with the library's third-party dependencies.</param>
        /// <returns>The library assembly; the same one on every call.</returns>
        public static Assembly LoadLibrary(string libraryPath, string dependencyDirectory)
        {
            lock (Gate)
            {
                instance ??= new LibraryLoadContext(libraryPath, dependencyDirectory);
                return instance.LoadFromAssemblyName(new AssemblyName(LibraryName));
            }
        }

        /// <summary>Serves the library and the files of the dependency folder; anything else (the framework) is left
        /// to the default context.</summary>
        /// <param name="assemblyName">The requested assembly. Its version is not checked: the module ships exactly the
        /// versions its library was built against.</param>
        /// <returns>The module's copy, or null for a name the module does not ship.</returns>
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var name = assemblyName.Name;
            if (string.IsNullOrEmpty(name) || name.IndexOfAny(new[] { '/', '\\' }) >= 0)
            {
                return null;
            }

            if (string.Equals(name, LibraryName, StringComparison.OrdinalIgnoreCase))
            {
                return LoadFromAssemblyPath(libraryPath);
            }

            var path = Path.Combine(dependencyDirectory, name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
