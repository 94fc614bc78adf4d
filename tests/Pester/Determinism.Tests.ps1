# Why Pester: the claim is about separate processes, each importing the built module afresh.
# Issue: a seeded initializer gives the same values in two separate processes (and the module's own thread count does
# not matter). Each process hashes the raw bytes of the tensors; the hashes must agree.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:HashScript = @"
Import-Module '$script:ModulePath'
`$names = 'RandomUniform', 'RandomNormal', 'TruncatedNormal', 'VarianceScaling', 'GlorotUniform', 'GlorotNormal', 'HeUniform', 'HeNormal', 'LecunUniform', 'LecunNormal', 'Orthogonal'
foreach (`$name in `$names) {
    foreach (`$dtype in 'float32', 'float64') {
        `$t = New-Initializer `$name -Seed 20261129 | New-Tensor -Shape 257, 300 -DType `$dtype
        `$a = `$t.ToArray()
        `$bytes = [byte[]]::new([Buffer]::ByteLength(`$a))
        [Buffer]::BlockCopy(`$a, 0, `$bytes, 0, `$bytes.Length)
        "`$name `$dtype " + [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData(`$bytes))
    }
}
"@
}

Describe 'Seeded values across processes' {
    It 'two fresh processes give bit-identical tensors for every random initializer' {
        $first = Invoke-FreshPwsh $script:HashScript
        $second = Invoke-FreshPwsh $script:HashScript
        $first.ExitCode | Should -Be 0
        $second.ExitCode | Should -Be 0
        $first.Output.Count | Should -Be 22
        $second.Output | Should -Be $first.Output
    }
}
