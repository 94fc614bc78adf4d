#if !LIB_NETSTANDARD // the netstandard2.0 build has no SIMD kernels
using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Initializers.Tests.Randomness
{
    /// <summary>A SIMD helper (a method that takes or returns a Vector64/128/256/512) that is neither inlined nor
    /// compiled optimized at once runs as tier-0 code for its first thirty-odd calls: every vector operation a call,
    /// which made the first truncated-normal fill of 1e7 elements in a fresh process about 20 times slower than the
    /// next ones (issue 14; tools/Measure-FirstCall.ps1 shows it). Every such helper must carry AggressiveInlining
    /// (it becomes part of its optimized caller) or AggressiveOptimization (Hot.Loop: optimized on its first call).</summary>
    public class FirstCallCompilationTests
    {
        [Fact]
        public void EverySimdHelperIsInlinedOrCompiledOptimizedAtOnce()
        {
            const MethodImplAttributes hot = MethodImplAttributes.AggressiveInlining | MethodImplAttributes.AggressiveOptimization;
            var methods = typeof(Tensor).Assembly.GetTypes()
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                .Where(m => IsVector(m.ReturnType) || m.GetParameters().Any(p => IsVector(p.ParameterType)))
                .ToList();
            Assert.NotEmpty(methods);   // the net8.0 build has the AVX2 kernels; an empty list would mean the rule checks nothing

            var cold = methods
                .Where(m => (m.MethodImplementationFlags & hot) == 0)
                .Select(m => m.DeclaringType!.FullName + "." + m.Name + "(" + string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name)) + ")")
                .ToList();

            Assert.True(cold.Count == 0, "SIMD helpers that would run as tier-0 code on their first calls:\n" + string.Join("\n", cold));
        }

        private static bool IsVector(Type type)
        {
            if (type.IsByRef || type.IsPointer || type.IsArray)
            {
                type = type.GetElementType()!;
            }

            return type.IsGenericType
                && type.Namespace == "System.Runtime.Intrinsics"
                && type.Name.StartsWith("Vector", StringComparison.Ordinal);
        }
    }
}
#endif
