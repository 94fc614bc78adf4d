namespace Initializers.Serialization
{
    /// <summary>Which YAML collections <see cref="YamlText"/> writes in flow style (<c>{a: 1}</c>, <c>[1, 2]</c>).</summary>
    internal enum YamlLayout
    {
        /// <summary>Block style everywhere (empty collections are always flow).</summary>
        Block,

        /// <summary>Flow style everywhere: the value fits on one line.</summary>
        Flow,

        /// <summary>Flow style for collections that hold only scalars, block for the rest: what PyYAML before 5.1
        /// wrote by default (<c>default_flow_style=None</c>), as in old Keras <c>to_yaml()</c> files.</summary>
        LeafFlow,
    }
}
