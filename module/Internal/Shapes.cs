using System.Collections;

namespace Initializers.PowerShell.Internal
{
    internal static class Shapes
    {
        /// <summary>The shape from the -Shape argument: every element unwrapped from PSObject, then checked by the
        /// library (whole numbers >= 0, element count within one tensor), so 2.5 and -1 are InvalidShape errors
        /// instead of being rounded by PowerShell's int[] binding.</summary>
        public static int[] From(IList? dims)
        {
            if (dims is null)
            {
                return System.Array.Empty<int>();
            }

            var raw = new object?[dims.Count];
            for (var i = 0; i < raw.Length; i++)
            {
                raw[i] = InputConverter.Unwrap(dims[i]);
            }

            return TensorShape.From(raw);
        }
    }
}
