using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace Initializers.PowerShell
{
    /// <summary>Loads the library and its third-party dependencies when a cmdlet first needs them, without letting them
    /// clash with other versions in the session (the Yayaml / PSResourceGet pattern).</summary>
    /// <remarks>
    /// Module layout (see build.ps1):
    /// <code>
    /// Initializers.PowerShell.dll          this assembly (netstandard2.0, cmdlets only), in the default context
    /// Initializers.PowerShell.Loader.dll   the resolver for PowerShell 7 (net8.0): the private load context
    /// lib/net8.0/Initializers.dll          the library with its SIMD paths, for PowerShell 7 (.NET 8+)
    /// lib/netstandard2.0/Initializers.dll  the library for Windows PowerShell 5.1 (and .NET before 8)
    /// Dependencies/net8.0/*.dll            MathNet.Numerics, YamlDotNet for the net8.0 library
    /// Dependencies/netstandard2.0/*.dll    the same plus System.Memory and friends for the netstandard2.0 library
    /// </code>
    /// Nothing is found by the runtime's own probing, so the first use of a library type from a cmdlet comes to the
    /// AppDomain's AssemblyResolve handler, which answers only requests made by this assembly or by our own files:
    /// <list type="bullet">
    /// <item>On .NET 8+ (PowerShell 7.4+) the library is loaded into the private context of
    /// <c>Initializers.PowerShell.Loader.dll</c>, whose <c>Load</c> override binds the library's references to the
    /// files in Dependencies/net8.0 before the default context is asked. Another module's MathNet or YamlDotNet (any
    /// version, loaded before or after) is never used by us, and ours is invisible to it. The price: library and
    /// dependency types cannot be named with type literals in the session (<c>[Initializers.Tensor]</c> does not
    /// resolve); the objects, their members and the format views work as usual.</item>
    /// <item>On .NET Framework (Windows PowerShell 5.1), and on .NET before 8, there is no usable load context: the
    /// library and its dependencies are loaded with <see cref="Assembly.LoadFrom(string)"/> into the one context, and
    /// a dependency is served only to the library or another dependency. Best effort, as for every 5.1 module: a
    /// dependency of the same name that is already loaded may be shared.</item>
    /// </list>
    /// Nothing else happens at import: no library type is touched until a cmdlet runs.
    /// </remarks>
    public sealed class ModuleLoader : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private const string LibraryName = "Initializers";
        private const string LoaderName = "Initializers.PowerShell.Loader";
        private static readonly object Gate = new();
        private static readonly Assembly Self = typeof(ModuleLoader).Assembly;
        private static readonly string ModuleDirectory = Path.GetDirectoryName(Self.Location) ?? "";
        private static readonly bool IsCore = typeof(object).Assembly.GetName().Name == "System.Private.CoreLib";

        // net8.0 needs .NET 8 or later (PowerShell 7.4+); anything older takes the netstandard2.0 build.
        private static readonly bool UseLoadContext = IsCore && Environment.Version.Major >= 8;
        private static readonly string Tfm = UseLoadContext ? "net8.0" : "netstandard2.0";
        private static readonly string LibraryPath = Path.Combine(ModuleDirectory, "lib", Tfm, LibraryName + ".dll");
        private static readonly string DependencyDirectory = Path.Combine(ModuleDirectory, "Dependencies", Tfm);

        private static Assembly? library;
        private static bool hooked;

        public void OnImport() => Hook();

        public void OnRemove(PSModuleInfo psModuleInfo) => Unhook();

        internal static void Hook()
        {
            lock (Gate)
            {
                if (hooked)
                {
                    return;
                }

                // In-process hosts (the xunit tests, a project reference) carry the library and its dependencies next
                // to this dll and resolve them through their deps.json: there is nothing to do.
                if (!File.Exists(LibraryPath))
                {
                    return;
                }

                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
                hooked = true;
            }
        }

        internal static void Unhook()
        {
            lock (Gate)
            {
                if (hooked)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
                    hooked = false;
                }
            }
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            if (name is null || args.RequestingAssembly is not { } requester)
            {
                // A request nobody claims (Assembly.Load by name, Type.GetType, ...) is not ours to answer.
                return null;
            }

            if (string.Equals(name, LibraryName, StringComparison.OrdinalIgnoreCase))
            {
                // Only for the cmdlets: another assembly called Initializers is none of our business.
                return requester == Self ? Library() : null;
            }

            // On .NET 8+ the load context serves the dependencies itself; this path is .NET Framework's (and old .NET's).
            if (UseLoadContext || !IsOurs(requester))
            {
                return null;
            }

            var path = Path.Combine(DependencyDirectory, name + ".dll");
            return name.IndexOfAny(new[] { '/', '\\' }) < 0 && File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }

        private static Assembly Library()
        {
            lock (Gate)
            {
                if (library is null)
                {
                    if (UseLoadContext)
                    {
                        // Initializers.PowerShell.Loader.LibraryLoadContext.LoadLibrary(libraryPath, dependencyDirectory),
                        // by reflection: this netstandard2.0 assembly cannot reference a net8.0 one.
                        var loader = Assembly.LoadFrom(Path.Combine(ModuleDirectory, LoaderName + ".dll"));
                        var load = loader.GetType(LoaderName + ".LibraryLoadContext", throwOnError: true)!.GetMethod("LoadLibrary")!;
                        library = (Assembly)load.Invoke(null, new object[] { LibraryPath, DependencyDirectory })!;
                    }
                    else
                    {
                        library = Assembly.LoadFrom(LibraryPath);
                    }
                }

                return library;
            }
        }

        /// <summary>True for the library and the files of our dependency folder (a dependency may need another one).</summary>
        private static bool IsOurs(Assembly requester)
        {
            if (requester == library)
            {
                return true;
            }

            var location = SafeLocation(requester);
            return location.Length > 0
                && string.Equals(Path.GetDirectoryName(location), DependencyDirectory, StringComparison.OrdinalIgnoreCase);
        }

        private static string SafeLocation(Assembly assembly)
        {
            try
            {
                return assembly.Location ?? "";
            }
            catch (NotSupportedException)
            {
                return "";
            }
        }
    }
}
