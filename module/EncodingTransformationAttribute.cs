using System;
using System.Management.Automation;
using System.Text;

namespace Initializers.PowerShell
{
    /// <summary>-Encoding values: an Encoding, a name PowerShell users know (utf8, utf8NoBOM, utf8BOM, ascii, unicode,
    /// bigendianunicode, bigendianutf32, utf32, latin1; ansi, oem and utf7 are not supported), a code page number, or any .NET encoding name.</summary>
    public sealed class EncodingTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            switch (value)
            {
                case Encoding e:
                    return e;
                case int codePage:
                    return Encoding.GetEncoding(codePage);
                case string name:
                    switch (name.ToLowerInvariant())
                    {
                        case "utf8":
                        case "utf8nobom":
                        case "utf-8":
                            return new UTF8Encoding(false);
                        case "utf8bom":
                            return new UTF8Encoding(true);
                        case "ascii":
                            return new ASCIIEncoding();
                        case "unicode":
                        case "utf16":
                        case "utf-16":
                            return new UnicodeEncoding(false, true);
                        case "bigendianunicode":
                            return new UnicodeEncoding(true, true);
                        case "utf32":
                        case "utf-32":
                            return new UTF32Encoding(false, true);
                        case "bigendianutf32":
                            return new UTF32Encoding(true, true);
                        case "latin1":
                            return Encoding.GetEncoding(28591);
                        default:
                            try
                            {
                                return Encoding.GetEncoding(name);
                            }
                            catch (ArgumentException)
                            {
                                throw new ArgumentTransformationMetadataException(
                                    $"Unknown encoding '{name}'. Use utf8 (no BOM, the default), utf8BOM, ascii, unicode, bigendianunicode, utf32, bigendianutf32, latin1, a code page number or a .NET encoding name.");
                            }
                    }

                default:
                    return inputData;
            }
        }
    }
}
